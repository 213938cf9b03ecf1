"""Tracking accuracy on TUD-Campus (MOT15): MOTA and IDF1 of detection + ByteTracker.

    .venv/bin/python benchmarks/bench_tracking.py --detections yolox
    .venv/bin/python benchmarks/bench_tracking.py --detections public
    .venv/bin/python benchmarks/bench_tracking.py --detections gt --dropout 0.2

``yolox`` runs YOLOX-Nano (``PRIVACAM_MODELS``) on every frame; ``public``
uses the sequence's ``det/det.txt`` (unbounded DPM scores, divided by their
median and clipped to [0, 1]); ``gt`` feeds ground-truth boxes with random
dropouts and jitter, to test association alone. Frames are at 25 fps.
Also prints the tracker's median time per frame (detection excluded).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from privacam.vision.geometry import CountingLine, LineCounter
from privacam.vision.tracking import ByteTrackConfig, ByteTracker
from privacam.vision.tracking.metrics import evaluate_mot
from privacam.vision.tracking.motchallenge import read_mot_file
from privacam.vision.types import Detections

FPS = 25.0
REPO = Path(__file__).resolve().parents[1]


def media_root() -> Path:
    for candidate in [*os.environ.get("PRIVACAM_MEDIA", "").split(os.pathsep)]:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "assets" / "media"


def yolox_detections(sequence: Path, score_threshold: float) -> dict[int, Detections]:
    import cv2

    from privacam.vision.detectors.yolox import YoloxDetector

    os.environ.setdefault("PRIVACAM_MODELS", str(REPO.parent / "shared" / "assets" / "models"))
    detector = YoloxDetector(score_threshold=score_threshold, classes=(0,))
    out = {}
    for path in sorted((sequence / "img1").glob("*.jpg")):
        image = cv2.imread(str(path))
        out[int(path.stem)] = detector.detect(image)
    return out


def public_detections(sequence: Path) -> dict[int, Detections]:
    table = read_mot_file(sequence / "det" / "det.txt")
    all_scores = np.concatenate([conf for _, _, conf in table.values()])
    scale = float(np.median(all_scores))
    return {
        frame: Detections(
            xyxy=xyxy, scores=np.clip(conf / scale, 0, 1), class_ids=np.zeros(len(xyxy))
        )
        for frame, (_, xyxy, conf) in table.items()
    }


def gt_detections(sequence: Path, dropout: float, seed: int) -> dict[int, Detections]:
    rng = np.random.default_rng(seed)
    out = {}
    for frame, (_, xyxy, _) in read_mot_file(sequence / "gt" / "gt.txt").items():
        keep = rng.random(len(xyxy)) >= dropout
        size = np.repeat(xyxy[:, 2:] - xyxy[:, :2], 2, axis=0).reshape(-1, 4)
        jittered = xyxy + rng.normal(0, 0.03, xyxy.shape) * size
        scores = rng.uniform(0.3, 1.0, len(xyxy))
        out[frame] = Detections(
            xyxy=jittered[keep], scores=scores[keep], class_ids=np.zeros(int(keep.sum()))
        )
    return out


#: Vertical counting lines across the campus path, for the crossing-count check.
LINES = [CountingLine((x, 0), (x, 480), name=f"x={x}") for x in (160, 240, 320, 400, 480)]


def run(
    detections: dict[int, Detections], frames: list[int], config: ByteTrackConfig, coast: int = 0
):
    """Track every frame; ``coast`` > 0 also reports a lost track's predicted box for that
    many frames after its last detection (gap handling: a person hidden for a moment is
    still there)."""
    tracker = ByteTracker(config)
    counter = LineCounter(LINES)
    hyp, coasted = {}, {}
    lost_for: dict[int, int] = {}
    times = []
    for frame in frames:
        dets = detections.get(frame, Detections.empty())
        start = time.perf_counter()
        update = tracker.update(dets, frame_index=frame, timestamp=(frame - 1) / FPS)
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


def true_crossings(gt: dict, frames: list[int]) -> LineCounter:
    """Crossings of the ground-truth identities (no inheritance: gt ids are exact)."""
    counter = LineCounter(LINES, memory_seconds=0)
    for frame in frames:
        ids, xyxy = gt.get(frame, (np.zeros(0), np.zeros((0, 4))))
        n = len(ids)
        d = Detections(xyxy=xyxy, scores=np.ones(n), class_ids=np.zeros(n), tracker_id=ids)
        counter.update(d, frame, (frame - 1) / FPS)
    return counter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detections", choices=["yolox", "public", "gt"], default="yolox")
    parser.add_argument("--sequence", type=Path, default=None)
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
    sequence = args.sequence or media_root() / "TUD-Campus"
    if not (sequence / "gt" / "gt.txt").is_file():
        print(f"no ground truth at {sequence}/gt/gt.txt; set PRIVACAM_MEDIA", file=sys.stderr)
        return 2
    gt_table = read_mot_file(sequence / "gt" / "gt.txt")
    gt = {frame: (ids, xyxy) for frame, (ids, xyxy, _) in gt_table.items()}
    frames = sorted(int(p.stem) for p in (sequence / "img1").glob("*.jpg")) or sorted(gt)
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
    hyp, times, counted, coasted = run(detections, frames, config, args.coast)
    metrics = evaluate_mot(gt, hyp)
    truth = true_crossings(gt, frames)
    print(f"TUD-Campus, {len(frames)} frames, detections: {args.detections}")
    print(metrics.summary())
    print(f"MOTA {metrics.mota:.3f}")
    print(f"IDF1 {metrics.idf1:.3f}")
    n_true = sum(sum(c.values()) for c in truth.counts.values())
    n_counted = sum(sum(c.values()) for c in counted.counts.values())
    error = sum(
        abs(truth.counts[line.name][d] - counted.counts[line.name][d])
        for line in LINES
        for d in ("in", "out")
    )
    print(
        f"line crossings over {len(LINES)} vertical lines: ground truth {n_true}, "
        f"counted {n_counted}, sum of per-line/direction errors {error}"
    )
    print(f"tracker median {statistics.median(times) * 1000:.2f} ms/frame")
    if args.coast:
        # Person boxes the pipeline reports: detected tracks plus short coasting through
        # occlusions, scored like a detector (IoU 0.5), gt clipped to the frame as in
        # bench_detection.py (a box can only cover what is in the frame).
        clipped = {
            frame: (ids, np.clip(xyxy, 0, [640, 480, 640, 480]))
            for frame, (ids, xyxy) in gt.items()
        }
        people = evaluate_mot(clipped, coasted)
        print(
            f"person boxes, tracked + coasting <= {args.coast} frames: "
            f"recall {people.recall:.3f} precision {people.precision:.3f} "
            "(target recall >= 0.85 at precision >= 0.70)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
