"""Counting accuracy on TUD-Campus: directed crossings of five vertical lines, case ④ end to end.

    .venv/bin/python benchmarks/bench_counting.py
    .venv/bin/python benchmarks/bench_counting.py --seeds 0 1 2 3 4 --verbose

Lines: x = 160, 240, 320, 400, 480, each from y = 0 to 480 (so "in" is walking
right to left, "out" left to right). Truth: the crossings of the ``gt/gt.txt``
tracks, bottom-centre anchor, once per id and direction. privacam: YOLOX-Nano
(the counting case's detector plan) → ByteTracker → :class:`CountingAnalyzer`,
fed frame by frame as the runtime does, at the native 25 fps. Three runs:
all frames; every 2nd frame dropped; 20 % of detections removed at random
(one run per seed). Prints per line and direction the truth and the count,
and the total absolute error.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np

from privacam.cases.base import Observation
from privacam.cases.counting import CountingAnalyzer
from privacam.cases.factory import detector_plan
from privacam.records import LineCount
from privacam.vision.geometry import CountingLine, LineCounter
from privacam.vision.tracking import ByteTracker
from privacam.vision.tracking.motchallenge import read_mot_file
from privacam.vision.types import Detections

FPS = 25.0
REPO = Path(__file__).resolve().parents[1]
LINES = [CountingLine((x, 0), (x, 480), name=f"x={x}") for x in (160, 240, 320, 400, 480)]
KEYS = [(line.name, d) for line in LINES for d in ("in", "out")]
TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 4, 1, 10, 0, tzinfo=TOKYO)


def asset_dir(env: str, name: str) -> Path:
    for candidate in os.environ.get(env, "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "assets" / name


def true_counts(gt: dict, frames: list[int]) -> dict[tuple[str, str], int]:
    """Crossings of the ground-truth ids (exact ids: no inheritance between tracks)."""
    counter = LineCounter(LINES, memory_seconds=0)
    for frame in frames:
        ids, xyxy = gt.get(frame, (np.zeros(0), np.zeros((0, 4))))
        n = len(ids)
        d = Detections(xyxy=xyxy, scores=np.ones(n), class_ids=np.zeros(n), tracker_id=ids)
        counter.update(d, frame, (frame - 1) / FPS)
    return {(line, d): counter.counts[line][d] for line, d in KEYS}


def privacam_counts(
    detections: dict[int, Detections], frames: list[int], plan, birth_band: float | None = None
) -> dict:
    """Run tracker + counting analyser over ``frames`` and sum the window records."""
    tracker = ByteTracker(plan.tracker)
    options = {} if birth_band is None else {"birth_band": birth_band}
    analyser = CountingAnalyzer(
        "tud",
        LINES,
        [],
        window=timedelta(minutes=15),
        zone=TOKYO,
        classes=["person"],
        counter_options=options,
    )
    records = []
    t = 0.0
    for frame in frames:
        t = (frame - 1) / FPS
        dets = detections.get(frame, Detections.empty())
        update = tracker.update(dets, frame_index=frame, timestamp=t)
        observation = Observation(
            "tud", frame, t, START + timedelta(seconds=t), 640, 480, dets, update
        )
        records += analyser.observe(observation)
    records += analyser.close(START + timedelta(seconds=t), keep=True)
    counts = dict.fromkeys(KEYS, 0)
    for r in records:
        if isinstance(r, LineCount):
            counts[(r.line, r.direction)] += r.count
    return counts


def report(title: str, truth: dict, counted: dict, verbose: bool) -> int:
    error = sum(abs(truth[k] - counted[k]) for k in KEYS)
    print(f"{title}: truth {sum(truth.values())}, counted {sum(counted.values())}, error {error}")
    if verbose:
        for key in KEYS:
            mark = "" if truth[key] == counted[key] else "  <--"
            print(
                f"    {key[0]:6s} {key[1]:3s}  truth {truth[key]:2d}  privacam {counted[key]:2d}{mark}"
            )
    return error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--drop-share", type=float, default=0.2)
    parser.add_argument("--verbose", action="store_true", help="per line and direction")
    parser.add_argument(
        "--grid",
        action="store_true",
        help="sensitivity: errors for NMS IoU 0.3-0.45 x birth band 0-0.2 instead",
    )
    args = parser.parse_args(argv)
    sequence = asset_dir("PRIVACAM_MEDIA", "media") / "TUD-Campus"
    models = asset_dir("PRIVACAM_MODELS", "models")
    if not (sequence / "gt" / "gt.txt").is_file():
        print(f"no ground truth at {sequence}/gt/gt.txt; set PRIVACAM_MEDIA", file=sys.stderr)
        return 2
    gt = {f: (ids, xyxy) for f, (ids, xyxy, _) in read_mot_file(sequence / "gt" / "gt.txt").items()}
    paths = sorted((sequence / "img1").glob("*.jpg"))
    frames = [int(p.stem) for p in paths]
    plan = detector_plan("counting", ["person"])
    detector = plan.build(models)
    detections = {int(p.stem): detector.detect(cv2.imread(str(p))) for p in paths}
    truth = true_counts(gt, frames)
    if args.grid:
        return grid(paths, frames, truth, plan, models, args)
    print(f"TUD-Campus, {len(frames)} frames at {FPS:g} fps, 5 vertical lines, YOLOX-Nano")
    print("per line and direction:")
    counted = privacam_counts(detections, frames, plan)
    for key in KEYS:
        print(f"    {key[0]:6s} {key[1]:3s}  truth {truth[key]:2d}  privacam {counted[key]:2d}")
    report("all frames", truth, counted, verbose=False)
    report(
        "every 2nd frame dropped",
        truth,
        privacam_counts(detections, frames[::2], plan),
        args.verbose,
    )
    errors = []
    for seed in args.seeds:
        rng = np.random.default_rng(seed)
        thinned = {f: d[rng.random(len(d)) >= args.drop_share] for f, d in detections.items()}
        errors.append(
            report(
                f"{args.drop_share:.0%} of detections removed, seed {seed}",
                truth,
                privacam_counts(thinned, frames, plan),
                args.verbose,
            )
        )
    print(f"detections removed: errors {errors}, mean {sum(errors) / len(errors):.1f}")
    return 0


def grid(paths, frames, truth, plan, models, args) -> int:
    """Errors (all frames, every 2nd frame, 20 % removed per seed) over a small grid."""
    images = {int(p.stem): cv2.imread(str(p)) for p in paths}

    def error(counted: dict) -> int:
        return sum(abs(truth[k] - counted[k]) for k in KEYS)

    print("NMS IoU  birth band   all  half  removed per seed (mean)")
    for nms in (0.3, 0.35, 0.4, 0.45):
        variant = replace(plan, nms_iou=nms)
        detector = variant.build(models)
        detections = {f: detector.detect(image) for f, image in images.items()}
        for birth in (0.0, 0.1, 0.15, 0.2):
            removed = []
            for seed in args.seeds:
                rng = np.random.default_rng(seed)
                thinned = {
                    f: d[rng.random(len(d)) >= args.drop_share] for f, d in detections.items()
                }
                removed.append(error(privacam_counts(thinned, frames, variant, birth)))
            print(
                f"{nms:7.2f}  {birth:10.2f}  {error(privacam_counts(detections, frames, variant, birth)):4d}"
                f"  {error(privacam_counts(detections, frames[::2], variant, birth)):4d}"
                f"  {removed} ({sum(removed) / len(removed):.1f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
