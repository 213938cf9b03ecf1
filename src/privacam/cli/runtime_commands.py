"""Commands of the runtime: ``run`` (capture and analyse) and ``demo`` (everything, end to end).

Each is a thin call into :mod:`privacam.runtime`; this module parses options,
sets up logging and prints where things went.
"""

from __future__ import annotations

import logging
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.logging import RichHandler

from privacam.cases.registry import BUILT_CASES
from privacam.cli.app import app
from privacam.cli.options import parse_time_option
from privacam.policy.spec import Case

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
#: The cases `privacam demo` can run end to end: those the registry runs as a stream, but
#: the face cases ① and ③, whose sample media (a campus path seen from afar) shows no face
#: the face stage could read, and whose vault the demo does not set up.
DEMO_CASES = tuple(name for name in BUILT_CASES if name not in ("attributes", "repeat"))
DemoCase = StrEnum("DemoCase", {name: name for name in DEMO_CASES})  # type: ignore[misc]
_DEFAULT_DEMOS = [DemoCase("counting"), DemoCase("flow")]


def _setup_logging(verbose: bool) -> None:
    root = logging.getLogger()
    if not any(isinstance(h, RichHandler) for h in root.handlers):
        handler = RichHandler(console=err_console, show_path=False, show_time=False)
        root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    # -v is about privacam's run; Alembic's "Context impl SQLiteImpl" lines on every store
    # open say nothing to an operator (privacam logs its own migrations).
    logging.getLogger("alembic").setLevel(logging.WARNING)


PushUrl = Annotated[
    str | None,
    typer.Option(
        "--push",
        metavar="URL",
        help="Also send each committed window's minimised records (never pixels, visits or "
        "face templates) to the central server at URL (https, or http to 127.0.0.1), "
        "through the store's outbox; the node token comes from PRIVACAM_PUSH_TOKEN.",
    ),
]
PushTokenFile = Annotated[
    Path | None, typer.Option("--push-token-file", help="Read the node token for --push here.")
]
PushWait = Annotated[
    float,
    typer.Option(
        "--push-wait",
        min=0,
        help="Seconds to wait at the end for the outbox to drain (the rest waits for the "
        "next run or `privacam push send`).",
    ),
]


@app.command()
def run(
    file: Path = typer.Argument(..., help="The deployment file (privacam.yaml)."),
    notice_dir: Path | None = typer.Option(
        None, "--notice-dir", help="Where the notice was rendered (default: notice/ beside FILE)."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Use this source instead of the camera's (file, folder, URL)."
    ),
    camera: str | None = typer.Option(
        None, "--camera", help="Run only this camera (and give it --source)."
    ),
    fps: float | None = typer.Option(
        None, "--fps", help="Frame rate of the source (needed for image folders)."
    ),
    max_frames: int | None = typer.Option(
        None, "--max-frames", min=1, help="Stop after this many frames per camera."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Folder for heatmaps and icon maps (default: outputs/ beside FILE)."
    ),
    start_time: str | None = typer.Option(
        None,
        "--start-time",
        help="Wall-clock time of a file's first frame, ISO 8601 (default: now).",
    ),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Delete and rewrite what earlier runs stored for the spans this run observes "
        "(audited); without it an overlapping span is refused.",
    ),
    push: PushUrl = None,
    push_token_file: PushTokenFile = None,
    push_wait: PushWait = 30.0,
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show progress."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Log model digests and sweeps."),
) -> None:
    """Run the deployment's case on its cameras and keep only what the case needs.

    Refuses to start on check errors, without a notice rendered for the file's hash, or
    past period.start without a justification and sign-off dated by then; refuses a
    recording whose span the store holds for that camera (same --start-time) unless
    --replace rewrites it, each window in one audited transaction. A SQLite store others
    can read is narrowed to 0600 (warned, audited). SIGINT/SIGTERM stop cleanly: the
    open window is kept when at least half of it was observed, else dropped (exit 0).
    Exit codes: 0 completed or stopped on request, 1 refused or failed, 2 bad input,
    130 interrupted before capture started.

    Example: privacam run privacam.yaml --source street.mp4 --max-frames 500
    """
    from privacam.policy.loader import load_spec
    from privacam.runtime import RunOptions, run_deployment

    _setup_logging(verbose)
    target = _push_target(push, push_token_file, push_wait)  # a bad URL fails before all else
    timezone = load_spec(file).spec.timezone
    started_ns = time.time_ns()
    try:
        result = run_deployment(
            file,
            RunOptions(
                notice_dir=notice_dir,
                source=source,
                camera=camera,
                fps=fps,
                max_frames=max_frames,
                out_dir=out,
                start_time=parse_time_option("--start-time", start_time, zone=ZoneInfo(timezone)),
                show_progress=progress,
                replace=replace,
                push=target,
            ),
            console=err_console,
        )
    except KeyboardInterrupt:  # before capture started: nothing was recorded yet
        err_console.print("privacam: interrupted before capture started; nothing was recorded")
        raise typer.Exit(130) from None
    _print_result(result, started_ns)
    raise typer.Exit(result.exit_code)


def _push_target(url: str | None, token_file: Path | None, wait_s: float):
    """``--push`` as a PushTarget (None without it); bad input exits 2 before the run."""
    if url is None:
        return None
    from privacam.runtime.push_target import PushTarget

    return PushTarget.from_options(url, token_file, drain_timeout_s=wait_s)


def _print_result(result, started_ns: int) -> None:
    """The run's one-line summary on stdout: records written, drawings made."""
    drawn = _written_since(result.out_dir, started_ns)
    console.print(
        f"run {result.run.run_id} {result.run.status}: {result.records_written} records "
        f"written to {result.store_url}; "
        + (f"drew {', '.join(drawn)} in {result.out_dir}" if drawn else "no drawings written")
    )


def _written_since(folder: Path, since_ns: int) -> list[str]:
    """Names of the files in ``folder`` written since ``since_ns``: what this run drew, not
    what an earlier run left there."""
    # File systems stamp mtimes from a coarse clock that may lag time.time_ns() by a tick.
    since_ns -= 50_000_000
    try:
        return sorted(
            p.name for p in folder.iterdir() if p.is_file() and p.stat().st_mtime_ns >= since_ns
        )
    except OSError:
        return []


@app.command()
def demo(
    output: Path = typer.Option(Path("demo-out"), "-o", "--output", help="Directory for it all."),
    case: list[DemoCase] = typer.Option(
        _DEFAULT_DEMOS,
        "--case",
        help="Case(s) to demonstrate (repeat the option).",
    ),
    source: str | None = typer.Option(
        None, "--source", help="Video, image folder or URL (default: sample media)."
    ),
    fps: float | None = typer.Option(None, "--fps", help="Frame rate of an image folder."),
    max_frames: int | None = typer.Option(
        None, "--max-frames", min=1, help="Stop each run after this many frames."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show progress."),
) -> None:
    """Show privacam end to end: deployment file, check, notice, assessment, then a real run.

    Runs counting and flow, or the cases given with --case (counting, flow,
    crowd), on sample media: --source, else TUD-Campus/img1 or vtest.avi found
    through PRIVACAM_MEDIA, else OpenCV's vtest.avi downloaded into the cache.

    Example: privacam demo -o demo-out
    """
    from privacam.runtime import RunOptions
    from privacam.runtime.demo import (
        demo_folder,
        deployment_line,
        prepare_case,
        run_prepared_case,
    )
    from privacam.runtime.sample_media import SampleMedia, sample_media

    _setup_logging(False)
    media = SampleMedia(source, fps, "--source") if source else sample_media()
    if fps is not None:
        media = SampleMedia(media.source, fps, media.origin)
    console.print(f"sample media: {media.source} ({media.origin})")
    cases = [Case(c.value) for c in dict.fromkeys(case)]
    summaries: list[tuple[str, list[str]]] = []
    failed = False
    for position, chosen in enumerate(cases):
        folder = demo_folder(output, chosen, position == 0)
        files = prepare_case(folder, chosen, media)
        report = files.check
        console.print(
            f"[bold]{chosen.value}[/bold]: check {len(report.errors)} errors, "
            f"{len(report.warnings)} warnings (details: privacam check {files.deployment})"
        )
        if report.errors:
            failed = True
            summaries.append((chosen.value, [deployment_line(files)]))
            continue
        options = RunOptions(out_dir=files.outputs, max_frames=max_frames, show_progress=progress)
        outcome = run_prepared_case(files, options, console=err_console)
        failed = failed or outcome.exit_code != 0
        summaries.append((chosen.value, outcome.summary))
    console.print()
    for name, lines in summaries:
        console.print(f"[bold]privacam demo ({name})[/bold]")
        for line in lines:
            console.print(line)
    if failed:
        raise typer.Exit(1)
