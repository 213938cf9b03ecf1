"""Read MOTChallenge sequences and text files (``frame,id,x,y,w,h,conf,...``), for benchmarks
and tests.

Boxes are converted from ``x, y, w, h`` to ``xyxy``; frames keep their
1-based numbers. :func:`open_sequence` reads a sequence folder (``img1/``,
``gt/gt.txt``, ``det/det.txt``, ``seqinfo.ini``) in MOTChallenge's layout.
"""

from __future__ import annotations

import configparser
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import imagesize
import numpy as np

from privacam.errors import InputError
from privacam.vision.sources import list_images


def read_mot_file(path: str | Path) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``{frame: (ids, xyxy, confidences)}`` from a MOTChallenge ``gt.txt`` or ``det.txt``."""
    path = Path(path)
    try:
        rows = np.loadtxt(path, delimiter=",", ndmin=2)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read MOTChallenge file {path}: {exc}; check the path") from exc
    if rows.size and rows.shape[1] < 7:
        raise InputError(f"{path} has {rows.shape[1]} columns; MOTChallenge needs at least 7")
    grouped: dict[int, list[np.ndarray]] = defaultdict(list)
    for row in rows:
        grouped[int(row[0])].append(row)
    out = {}
    for frame, items in sorted(grouped.items()):
        block = np.array(items)
        xyxy = np.c_[block[:, 2:4], block[:, 2:4] + block[:, 4:6]]
        out[frame] = (block[:, 1].astype(np.int64), xyxy, block[:, 6])
    return out


@dataclass(frozen=True)
class MotSequence:
    """One MOTChallenge sequence: its frames in order, their numbers, rate and size.

    ``frames[i]`` is the number ``gt.txt`` gives ``images[i]``: the image's
    numeric name (``000001.jpg`` is frame 1), else its 1-based position.
    """

    root: Path
    name: str
    images: list[Path]
    frames: list[int]
    fps: float
    width: int
    height: int

    @property
    def ground_truth(self) -> Path:
        return self.root / "gt" / "gt.txt"

    @property
    def public_detections(self) -> Path:
        return self.root / "det" / "det.txt"


def _seqinfo(root: Path) -> configparser.SectionProxy | None:
    path = root / "seqinfo.ini"
    if not path.is_file():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        first_line = str(exc).splitlines()[0]
        raise InputError(f"cannot read {path}: {first_line}") from None
    return parser["Sequence"] if parser.has_section("Sequence") else None


def _number(info: configparser.SectionProxy | None, key: str, cast: type) -> float | int | None:
    if info is None or not info.get(key, "").strip():
        return None
    try:
        return cast(info[key])
    except ValueError:
        raise InputError(f"seqinfo.ini: {key} = {info[key]!r} is not a number") from None


def open_sequence(
    root: str | Path,
    *,
    fps: float | None = None,
    width: int | None = None,
    height: int | None = None,
) -> MotSequence:
    """A MOTChallenge folder (``img1/``, ``gt/gt.txt``, optional ``seqinfo.ini``).

    ``fps``, ``width`` and ``height`` override ``seqinfo.ini`` (``frameRate``,
    ``imWidth``, ``imHeight``); without either, the size is read from the first
    image's header and a missing rate is an error. Frames are the images in
    ``imDir`` (default ``img1``), in natural order; ``seqLength``, when given,
    must match their number.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"sequence folder {root} not found; give a MOTChallenge folder")
    info = _seqinfo(root)
    image_dir = root / (info.get("imDir", "img1") if info is not None else "img1")
    if not image_dir.is_dir():
        raise InputError(f"{root} has no frame folder {image_dir.name}/; is it a MOTChallenge one?")
    images = list_images(image_dir)
    stems = [p.stem for p in images]
    frames = [int(s) for s in stems] if all(s.isdigit() for s in stems) else []
    if len(set(frames)) != len(images):
        frames = list(range(1, len(images) + 1))
    length = _number(info, "seqLength", int)
    if length is not None and length != len(images):
        raise InputError(f"seqinfo.ini says {length} frames but {image_dir} holds {len(images)}")
    fps = fps or _number(info, "frameRate", float)
    if not fps or fps <= 0:
        raise InputError(f"no frame rate for {root}: give one (--fps) or frameRate in seqinfo.ini")
    width = width or _number(info, "imWidth", int)
    height = height or _number(info, "imHeight", int)
    if not width or not height:
        header_width, header_height = imagesize.get(images[0])
        width, height = width or header_width, height or header_height
    if width <= 0 or height <= 0:
        raise InputError(f"cannot tell the frame size of {root}: give --width and --height")
    name = info.get("name", root.name) if info is not None else root.name
    return MotSequence(root, name, images, frames, float(fps), int(width), int(height))
