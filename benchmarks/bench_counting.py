"""Counting accuracy on a MOTChallenge sequence: directed line crossings, case ④ end to end.

    .venv/bin/python benchmarks/bench_counting.py
    .venv/bin/python benchmarks/bench_counting.py --seeds 0 1 2 3 4 --verbose
    .venv/bin/python benchmarks/bench_counting.py --sequence MOT17-09 --line 0,600,1920,600

The sequence is TUD-Campus unless ``--sequence`` names another folder in
MOTChallenge's layout; lines come from ``--line`` (see sequence_args.py), by
default x = 160, 240, 320, 400, 480 on TUD-Campus's 640 px, each from y = 0 to
480 (so "in" is walking right to left, "out" left to right). Truth: the
crossings of the ``gt/gt.txt`` tracks, bottom-centre anchor, once per id and
direction. privacam: YOLOX-Nano (the counting case's detector plan) →
ByteTracker → :class:`CountingAnalyzer`, fed frame by frame as the runtime
does, at the sequence's native rate. Three runs:
all frames; every 2nd frame dropped; 20 % of detections removed at random
(one run per seed). Prints per line and direction the truth and the count,
and the total absolute error.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from privacam.cases.base import Observation
from privacam.cases.counting import CountingAnalyzer
from privacam.cases.factory import detector_plan
from privacam.errors import InputError
from privacam.evaluation.motchallenge import MotSequence, read_mot_file
from privacam.policy.spec import CountingSettings
from privacam.records import LineCount
from privacam.vision.geometry import CountingLine
from privacam.vision.sources.image_folder import read_image
from privacam.vision.tracking import ByteTracker, DetectionSchedule, LineCounter
from privacam.vision.types import Detections
from sequence_args import REPO, add_sequence_arguments, fail, lines_from, sequence_from

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 4, 1, 10, 0, tzinfo=TOKYO)


@dataclass(frozen=True)
class Scene:
    """The sequence and its counting lines; ``keys`` are (line, direction) pairs."""

    sequence: MotSequence
    lines: list[CountingLine]

    @property
    def keys(self) -> list[tuple[str, str]]:
        return [(line.name, d) for line in self.lines for d in ("in", "out")]


def models_dir() -> Path:
    for candidate in os.environ.get("PRIVACAM_MODELS", "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "assets" / "models"


def true_counts(scene: Scene, gt: dict, frames: list[int]) -> dict[tuple[str, str], int]:
    """Crossings of the ground-truth ids (exact ids: no inheritance between tracks)."""
    counter = LineCounter(scene.lines, memory_seconds=0)
    for frame in frames:
        ids, xyxy = gt.get(frame, (np.zeros(0), np.zeros((0, 4))))
        n = len(ids)
        d = Detections(xyxy=xyxy, scores=np.ones(n), class_ids=np.zeros(n), tracker_id=ids)
        counter.update(d, frame, (frame - 1) / scene.sequence.fps)
    return {(line, d): counter.counts[line][d] for line, d in scene.keys}


def privacam_counts(
    scene: Scene,
    detections: dict[int, Detections],
    frames: list[int],
    plan,
    birth_band: float | None = None,
    schedule: DetectionSchedule | None = None,
) -> Counted:
    """Run tracker + counting analyser over ``frames`` and sum the window records."""
    tracker = ByteTracker(plan.tracker)
    options = {} if birth_band is None else {"birth_band": birth_band}
    analyser = CountingAnalyzer(
        "tud",
        scene.lines,
        [],
        window=timedelta(minutes=15),
        zone=TOKYO,
        classes=["person"],
        counter_options=options,
    )
    records = []
    t = 0.0
    width, height = scene.sequence.width, scene.sequence.height
    schedule = schedule or plan.schedule()  # the case's detection rate, as the runtime has it
    for frame in frames:
        t = (frame - 1) / scene.sequence.fps
        if not schedule.due(t):
            continue
        dets = detections.get(frame, Detections.empty())
        update = tracker.update(dets, frame_index=frame, timestamp=t)
        schedule.observed(update, tracker)
        observation = Observation(
            "tud", frame, t, START + timedelta(seconds=t), width, height, dets, update
        )
        records += analyser.observe(observation).records
    records += analyser.close(START + timedelta(seconds=t), keep=True).records
    counts = dict.fromkeys(scene.keys, 0)
    for r in records:
        if isinstance(r, LineCount):
            counts[(r.line, r.direction)] += r.count
    return Counted(counts, schedule.detected, schedule.frames)


@dataclass(frozen=True)
class Counted:
    """privacam's counts per (line, direction), and how many of the frames it detected."""

    counts: dict
    detected: int
    frames: int

    def __getitem__(self, key: tuple[str, str]) -> int:
        return self.counts[key]

    def values(self):
        return self.counts.values()


def report(title: str, truth: dict, counted: dict, verbose: bool) -> int:
    error = sum(abs(truth[k] - counted[k]) for k in truth)
    print(
        f"{title}: truth {sum(truth.values())}, counted {sum(counted.values())}, error {error}"
        f" ({counted.detected} of {counted.frames} frames detected)"
    )
    if verbose:
        for key in truth:
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
    parser.add_argument(
        "--detect-fps",
        nargs="+",
        default=None,
        metavar="RATE",
        help="detection rates to compare: a number, 'every' (every frame) or a number with "
        "'-plain' (that rate without detecting every frame while a track starts); default: "
        "every frame and the case's default",
    )
    add_sequence_arguments(parser, lines=True)
    args = parser.parse_args(argv)
    try:
        return evaluate(args)
    except InputError as error:
        return fail("bench_counting", error)


def evaluate(args: argparse.Namespace) -> int:
    sequence = sequence_from(args)
    scene = Scene(sequence, lines_from(args, sequence))
    if not sequence.ground_truth.is_file():
        raise InputError(f"no ground truth at {sequence.ground_truth}; set PRIVACAM_MEDIA")
    gt = {f: (ids, xyxy) for f, (ids, xyxy, _) in read_mot_file(sequence.ground_truth).items()}
    frames = sequence.frames
    images = dict(zip(frames, sequence.images, strict=True))
    plan = detector_plan("counting", CountingSettings(classes=["person"]))
    models = models_dir()
    detector = plan.build(models)
    detections = {f: detector.detect(read_image(p)) for f, p in images.items()}
    truth = true_counts(scene, gt, frames)
    args.detect_fps = args.detect_fps or ["every", f"{plan.detect_fps:g}"]
    if args.grid:
        return grid(scene, images, frames, truth, plan, models, args)
    print(
        f"{sequence.name}, {len(frames)} frames at {sequence.fps:g} fps, "
        f"{len(scene.lines)} lines, YOLOX-Nano; the case's default detect_fps {plan.detect_fps}"
    )
    print("per line and direction, default rate:")
    counted = privacam_counts(scene, detections, frames, plan)
    for key in scene.keys:
        print(f"    {key[0]:6s} {key[1]:3s}  truth {truth[key]:2d}  privacam {counted[key]:2d}")
    for rate in args.detect_fps:
        stress(scene, detections, frames, truth, plan, rate, args)
    return 0


def stress(scene, detections, frames, truth, plan, rate, args) -> None:
    """All frames, every 2nd frame dropped, detections removed: at one detection rate."""
    detect_fps = None if rate == "every" else float(rate.removesuffix("-plain"))
    plan = replace(plan, detect_fps=detect_fps)

    def counts(dets: dict, kept: list[int]) -> Counted:
        plain = DetectionSchedule(detect_fps, dense_while_starting=False)
        return privacam_counts(
            scene, dets, kept, plan, schedule=plain if rate.endswith("-plain") else None
        )

    print(f"-- detect_fps {rate}:")
    report("all frames", truth, counts(detections, frames), args.verbose)
    report("every 2nd frame dropped", truth, counts(detections, frames[::2]), args.verbose)
    errors = []
    for seed in args.seeds:
        rng = np.random.default_rng(seed)
        thinned = {f: d[rng.random(len(d)) >= args.drop_share] for f, d in detections.items()}
        title = f"{args.drop_share:.0%} of detections removed, seed {seed}"
        errors.append(report(title, truth, counts(thinned, frames), args.verbose))
    print(f"detections removed: errors {errors}, mean {sum(errors) / len(errors):.2f}")


def grid(scene, image_paths, frames, truth, plan, models, args) -> int:
    """Errors (all frames, every 2nd frame, 20 % removed per seed) over a small grid."""
    images = {frame: read_image(path) for frame, path in image_paths.items()}

    def error(counted: dict) -> int:
        return sum(abs(truth[k] - counted[k]) for k in scene.keys)

    def counts(detections, frames, variant, birth) -> dict:
        return privacam_counts(scene, detections, frames, variant, birth)

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
                removed.append(error(counts(thinned, frames, variant, birth)))
            print(
                f"{nms:7.2f}  {birth:10.2f}  {error(counts(detections, frames, variant, birth)):4d}"
                f"  {error(counts(detections, frames[::2], variant, birth)):4d}"
                f"  {removed} ({sum(removed) / len(removed):.1f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
