"""``privacam run`` against the bare vision pipeline on TUD-Campus (counting case).

    .venv/bin/python benchmarks/bench_run.py
    .venv/bin/python benchmarks/bench_run.py --passes 5 --repeats 4

Both sides decode the same frames with the threaded folder source and run the same
detector plan and tracker (the counting case's: YOLOX-Nano at score 0.1, ByteTrack):

- *pipeline*: decode → detect → track, nothing else;
- *run (end to end)*: ``run_deployment`` on a counting deployment file, from loading the
  file to the last commit: check, notice verification, model digests, store, run record,
  audit, the case, window batches, coverage, sweeper;
- *run (frame loop)*: the same run's frames over the time its camera loop took.

Passes alternate (pipeline, run, pipeline, run, ...) in one process after a warm-up;
medians of ``--passes`` (>= 3) are printed with the ratios and the core count.
``--repeats`` plays TUD-Campus forwards and backwards that many times (symlinks) for a
longer run.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from asset_dirs import media_dir, models_dir


def frames_folder(media: Path, repeats: int, scratch: Path) -> Path:
    source = media / "TUD-Campus" / "img1"
    if repeats <= 1:
        return source
    folder = scratch / "frames"
    folder.mkdir()
    frames = sorted(source.glob("*.jpg"))
    n = 0
    for k in range(repeats):
        for frame in frames if k % 2 == 0 else frames[::-1]:
            n += 1
            (folder / f"{n:06d}.jpg").symlink_to(frame)
    return folder


def pipeline_pass(folder: Path, plan, detector) -> float:
    """Frames per second of decode → detect → track over the folder."""
    from privacam.vision.sources import open_source
    from privacam.vision.tracking import ByteTracker

    tracker = ByteTracker(plan.tracker)
    start = time.perf_counter()
    count = 0
    with open_source(folder, fps=25) as source:
        for frame in source:
            tracker.update(detector.detect(frame.image), frame.index, frame.timestamp)
            count += 1
    return count / (time.perf_counter() - start)


def run_pass(deployment: Path, out: Path) -> tuple[float, float, int]:
    """(end-to-end fps, frame-loop fps, frames) of one ``run_deployment``."""
    from rich.console import Console

    from privacam.runtime import RunOptions, run_deployment

    db = deployment.parent / "privacam.db"
    for stale in deployment.parent.glob("privacam.db*"):
        stale.unlink()
    start = time.perf_counter()
    result = run_deployment(
        deployment,
        RunOptions(
            out_dir=out,
            show_progress=False,
            start_time=datetime.fromisoformat("2026-04-01T09:00:00+09:00"),
        ),
        console=Console(file=io.StringIO()),  # the run's own lines would interleave ours
    )
    elapsed = time.perf_counter() - start
    assert result.run.status == "completed", result.run.status
    assert db.exists()
    (outcome,) = result.outcomes
    return outcome.frames / elapsed, outcome.frames / outcome.elapsed_s, outcome.frames


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="timed passes per side (>= 3)")
    parser.add_argument("--repeats", type=int, default=1, help="plays of TUD-Campus per pass")
    args = parser.parse_args()
    media = media_dir()
    models = models_dir()
    if not (media / "TUD-Campus" / "img1").is_dir():
        print(f"TUD-Campus not found under {media}; set PRIVACAM_MEDIA", file=sys.stderr)
        return 2
    os.environ["PRIVACAM_MODELS"] = str(models)
    logging.basicConfig(level=logging.ERROR)

    from privacam.cases.factory import plan_for
    from privacam.policy.loader import load_spec
    from privacam.policy.notice import render_notice
    from privacam.policy.spec import Case
    from privacam.runtime.demo import write_demo_deployment
    from privacam.runtime.sample_media import SampleMedia

    with tempfile.TemporaryDirectory(prefix="bench_run_") as scratch_name:
        scratch = Path(scratch_name)
        os.environ.setdefault("PRIVACAM_AUDIT_KEY_FILE", str(scratch / "audit.key"))
        folder = frames_folder(media, args.repeats, scratch)
        deployment = write_demo_deployment(
            scratch / "site", Case.counting, SampleMedia(str(folder), 25.0, "bench")
        )
        loaded = load_spec(deployment)
        render_notice(loaded, deployment.parent / "notice")
        plan = plan_for(loaded.spec)
        detector = plan.build()
        passes = max(3, args.passes)
        print(
            f"cores: {os.cpu_count()}  frames: {folder} x{args.repeats}  passes: {passes}  "
            f"detector: yolox_nano score>={plan.score_threshold} classes={plan.classes}"
        )
        pipeline_pass(folder, plan, detector)  # warm-up: page cache, ORT arenas
        pipe, end_to_end, loop = [], [], []
        frames = 0
        for i in range(passes):
            pipe.append(pipeline_pass(folder, plan, detector))
            e2e, looped, frames = run_pass(deployment, scratch / "out")
            end_to_end.append(e2e)
            loop.append(looped)
            print(
                f"  pass {i + 1}: pipeline {pipe[-1]:.1f} fps, run {e2e:.1f} fps end to end, "
                f"{looped:.1f} fps frame loop ({frames} frames)"
            )
        p, e, lo = (statistics.median(x) for x in (pipe, end_to_end, loop))
        print(f"median pipeline (decode → detect → track): {p:.1f} fps")
        print(f"median privacam run, end to end:           {e:.1f} fps  ratio {e / p:.2f}")
        print(f"median privacam run, frame loop:           {lo:.1f} fps  ratio {lo / p:.2f}")
        print(f"target: run >= 0.70 x pipeline -> {'met' if e / p >= 0.7 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
