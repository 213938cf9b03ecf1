"""Command-line arguments of the benchmarks that read a MOTChallenge sequence.

``--sequence DIR`` is any folder in MOTChallenge's layout (``img1/``,
``gt/gt.txt``, optional ``det/det.txt`` and ``seqinfo.ini``); by default the
TUD-Campus sample in ``PRIVACAM_MEDIA`` (else ``../shared/assets/media``).
``--fps``, ``--width`` and ``--height`` override ``seqinfo.ini``; ``--line
x1,y1,x2,y2`` (repeatable) sets the counting lines, by default five vertical
lines at 1/4, 3/8, 1/2, 5/8 and 3/4 of the width (x = 160 … 480 on 640 px).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from privacam.evaluation.motchallenge import MotSequence, open_sequence
from privacam.vision.geometry import CountingLine

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEQUENCE = "TUD-Campus"
#: Rates of known sequences whose sample copy has no seqinfo.ini (MOT15's own says 25).
KNOWN_RATES = {"TUD-Campus": 25.0}
DEFAULT_LINE_SHARES = (0.25, 0.375, 0.5, 0.625, 0.75)


def media_root() -> Path:
    for candidate in os.environ.get("PRIVACAM_MEDIA", "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "assets" / "media"


def parse_line(text: str) -> tuple[float, float, float, float]:
    """``x1,y1,x2,y2`` in image pixels, for ``argparse``'s ``type=``."""
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise argparse.ArgumentTypeError(f"{text!r} is not x1,y1,x2,y2 (four numbers)")
    return values  # type: ignore[return-value]


def add_sequence_arguments(parser: argparse.ArgumentParser, *, lines: bool = False) -> None:
    group = parser.add_argument_group("sequence (MOTChallenge layout)")
    group.add_argument(
        "--sequence",
        type=Path,
        metavar="DIR",
        help=f"a MOTChallenge sequence folder (default: {DEFAULT_SEQUENCE} in PRIVACAM_MEDIA)",
    )
    group.add_argument("--fps", type=float, help="frame rate (default: seqinfo.ini frameRate)")
    group.add_argument("--width", type=int, help="frame width (default: seqinfo.ini imWidth)")
    group.add_argument("--height", type=int, help="frame height (default: seqinfo.ini imHeight)")
    if lines:
        group.add_argument(
            "--line",
            type=parse_line,
            action="append",
            metavar="X1,Y1,X2,Y2",
            help="a counting line in pixels; repeat for more (default: five vertical lines)",
        )


def sequence_from(args: argparse.Namespace) -> MotSequence:
    """The sequence the arguments name; ``InputError`` (one line) when it has no frames."""
    root = args.sequence or media_root() / DEFAULT_SEQUENCE
    fps = args.fps
    if fps is None and not (root / "seqinfo.ini").is_file():
        fps = KNOWN_RATES.get(root.name)
    return open_sequence(root, fps=fps, width=args.width, height=args.height)


def lines_from(args: argparse.Namespace, sequence: MotSequence) -> list[CountingLine]:
    if args.line:
        return [
            CountingLine((x1, y1), (x2, y2), name=f"({x1:g},{y1:g})-({x2:g},{y2:g})")
            for x1, y1, x2, y2 in args.line
        ]
    xs = [round(sequence.width * share) for share in DEFAULT_LINE_SHARES]
    return [CountingLine((x, 0), (x, sequence.height), name=f"x={x}") for x in xs]


def fail(script: str, error: Exception) -> int:
    """Print one line for a bad input and give the exit code (2)."""
    print(f"{script}: error: {error}", file=sys.stderr)
    return 2
