"""Tracking accuracy on a MOTChallenge sequence: MOTA and IDF1 of detection + ByteTracker.

    .venv/bin/python benchmarks/bench_tracking.py --detections yolox
    .venv/bin/python benchmarks/bench_tracking.py --detections public
    .venv/bin/python benchmarks/bench_tracking.py --detections gt --dropout 0.2
    .venv/bin/python benchmarks/bench_tracking.py --sequence MOT17-09 --line 0,600,1920,600

``yolox`` runs YOLOX-Nano (``PRIVACAM_MODELS``) on every frame; ``public``
uses the sequence's ``det/det.txt`` (unbounded DPM scores, divided by their
median and clipped to [0, 1]); ``gt`` feeds ground-truth boxes with random
dropouts and jitter, to test association alone. The sequence is TUD-Campus
(MOT15, 25 fps) unless ``--sequence`` names another (see sequence_args.py).
Also prints the tracker's median time per frame (detection excluded) and the
crossings of the counting lines, truth against tracks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from privacam.errors import InputError
from privacam.evaluation.mot_metrics import evaluate_mot
from privacam.evaluation.motchallenge import MotSequence, read_mot_file
from privacam.vision.geometry import CountingLine
from privacam.vision.tracking import ByteTrackConfig, ByteTracker, LineCounter
from privacam.vision.types import Detections
from sequence_args import REPO, add_sequence_arguments, fail, lines_from, sequence_from


def yolox_detections(sequence: MotSequence, score_threshold: float) -> dict[int, Detections]:
    from privacam.vision.detectors.yolox import YoloxDetector
    from privacam.vision.sources.image_folder import read_image

    os.environ.setdefault("PRIVACAM_MODELS", str(REPO.parent / "shared" / "assets" / "models"))
    detector = YoloxDetector(score_threshold=score_threshold, classes=(0,))
    return {
        frame: detector.detect(read_image(path))
        for frame, path in zip(sequence.frames, sequence.images, strict=True)
    }


def public_detections(sequence: MotSequence) -> dict[int, Detections]:
    table = read_mot_file(sequence.public_detections)
    all_scores = np.concatenate([conf for _, _, conf in table.values()])
    scale = float(np.median(all_scores))
    return {
        frame: Detections(
            xyxy=xyxy, scores=np.clip(conf / scale, 0, 1), class_ids=np.zeros(len(xyxy))
        )
        for frame, (_, xyxy, conf) in table.items()
    }


def gt_detections(sequence: MotSequence, dropout: float, seed: int) -> dict[int, Detections]:
    rng = np.random.default_rng(seed)
    out = {}
    for frame, (_, xyxy, _) in read_mot_file(sequence.ground_truth).items():
        keep = rng.random(len(xyxy)) >= dropout
        size = np.repeat(xyxy[:, 2:] - xyxy[:, :2], 2, axis=0).reshape(-1, 4)
        jittered = xyxy + rng.normal(0, 0.03, xyxy.shape) * size
        scores = rng.uniform(0.3, 1.0, len(xyxy))
        out[frame] = Detections(
            xyxy=jittered[keep], scores=scores[keep], class_ids=np.zeros(int(keep.sum()))
        )
    return out


def run(
    detections: dict[int, Detections],
    frames: list[int],
    config: ByteTrackConfig,
    lines: list[CountingLine],
    fps: float,
    coast: int = 0,
):
    """Track every frame; ``coast`` > 0 also reports a lost track's predicted box for that
    many frames after its last detection (gap handling: a person hidden for a moment is
    still there)."""
    tracker = ByteTracker(config)
    counter = LineCounter(lines)
    hyp, coasted = {}, {}
    lost_for: dict[int, int] = {}
    times = []
    for frame in frames:
        dets = detections.get(frame, Detections.empty())
        start = time.perf_counter()
        update = tracker.update(dets, frame_index=frame, timestamp=(frame - 1) / fps)
        times.append(time.perf_counter() - start)
        counter.update_tracks(update)
        hyp[frame] = (update.tracked.tracker_id, update.tracked.xyxy)
        for tid in update.tracked.tracker_id:
            lost_for[int(tid)] = 0
        ids, boxes = list(update.tracked.tracker_id), list(update.tracked.xyxy)
        lost_ids = update.lost.tracker_id if update.lost.tracker_id is not None else []
        for tid, box in zip(lost_ids, update.lost.xyxy, strict=True):
            lost_for[int(tid)] = lost_for.get(int(tid), 0) + 1
            if lost_for[int(tid)] <= coast:
                ids.append(tid)
                boxes.append(box)
        coasted[frame] = (np.asarray(ids, dtype=np.int64), np.asarray(boxes).reshape(-1, 4))
    return hyp, times, counter, coasted


def true_crossings(
    gt: dict, frames: list[int], lines: list[CountingLine], fps: float
) -> LineCounter:
    """Crossings of the ground-truth identities (no inheritance: gt ids are exact)."""
    counter = LineCounter(lines, memory_seconds=0)
    for frame in frames:
        ids, xyxy = gt.get(frame, (np.zeros(0), np.zeros((0, 4))))
        n = len(ids)
        d = Detections(xyxy=xyxy, scores=np.ones(n), class_ids=np.zeros(n), tracker_id=ids)
        counter.update(d, frame, (frame - 1) / fps)
    return counter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detections", choices=["yolox", "public", "gt"], default="yolox")
    add_sequence_arguments(parser, lines=True)
    parser.add_argument("--score-threshold", type=float, default=0.1, help="YOLOX's own cut")
    parser.add_argument("--dropout", type=float, default=0.2, help="gt: share of boxes dropped")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lost-frames", type=int, default=30)
    parser.add_argument("--plain", action="store_true", help="plain ByteTrack, no additions")
    parser.add_argument(
        "--coast",
        type=int,
        default=0,
        metavar="FRAMES",
        help="also score person boxes with lost tracks coasting this many frames",
    )
    args = parser.parse_args(argv)
    try:
        return evaluate(args)
    except InputError as error:
        return fail("bench_tracking", error)


def evaluate(args: argparse.Namespace) -> int:
    sequence = sequence_from(args)
    lines = lines_from(args, sequence)
    if not sequence.ground_truth.is_file():
        raise InputError(f"no ground truth at {sequence.ground_truth}; set PRIVACAM_MEDIA")
    gt_table = read_mot_file(sequence.ground_truth)
    gt = {frame: (ids, xyxy) for frame, (ids, xyxy, _) in gt_table.items()}
    frames = sequence.frames
    if args.detections == "yolox":
        detections = yolox_detections(sequence, args.score_threshold)
    elif args.detections == "public":
        detections = public_detections(sequence)
    else:
        detections = gt_detections(sequence, args.dropout, args.seed)
    config = ByteTrackConfig(lost_frames=args.lost_frames)
    if args.plain:
        config = ByteTrackConfig(
            lost_frames=args.lost_frames, confirm_score=1.01, fallback_distance=0.0
        )
    fps = sequence.fps
    hyp, times, counted, coasted = run(detections, frames, config, lines, fps, args.coast)
    metrics = evaluate_mot(gt, hyp)
    truth = true_crossings(gt, frames, lines, fps)
    print(
        f"{sequence.name}, {len(frames)} frames at {fps:g} fps, "
        f"{sequence.width}x{sequence.height}, detections: {args.detections}"
    )
    print(metrics.summary())
    print(f"MOTA {metrics.mota:.3f}")
    print(f"IDF1 {metrics.idf1:.3f}")
    n_true = sum(sum(c.values()) for c in truth.counts.values())
    n_counted = sum(sum(c.values()) for c in counted.counts.values())
    error = sum(
        abs(truth.counts[line.name][d] - counted.counts[line.name][d])
        for line in lines
        for d in ("in", "out")
    )
    print(
        f"line crossings over {len(lines)} lines: ground truth {n_true}, "
        f"counted {n_counted}, sum of per-line/direction errors {error}"
    )
    print(f"tracker median {statistics.median(times) * 1000:.2f} ms/frame")
    if args.coast:
        # Person boxes the pipeline reports: detected tracks plus short coasting through
        # occlusions, scored like a detector (IoU 0.5), gt clipped to the frame as in
        # bench_detection.py (a box can only cover what is in the frame).
        size = [sequence.width, sequence.height] * 2
        clipped = {frame: (ids, np.clip(xyxy, 0, size)) for frame, (ids, xyxy) in gt.items()}
        people = evaluate_mot(clipped, coasted)
        print(
            f"person boxes, tracked + coasting <= {args.coast} frames: "
            f"recall {people.recall:.3f} precision {people.precision:.3f} "
            "(target recall >= 0.85 at precision >= 0.70)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
