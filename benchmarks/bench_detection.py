"""Person detection on a MOTChallenge sequence: recall and precision at IoU 0.5, plain vs tiled.

YOLOX-Nano plain and tiled, NanoDet-Plus (plain, tiled) and the union of both
tiled models, for comparison.

Run:  .venv/bin/python benchmarks/bench_detection.py [--thresholds 0.3 0.4 0.5 0.6 0.7]
      .venv/bin/python benchmarks/bench_detection.py --sequence MOT17-09 --ignore-below 0

The sequence is TUD-Campus unless ``--sequence`` names another folder in
MOTChallenge's layout (see sequence_args.py); what follows is about TUD-Campus.

Ground truth is MOT15 ``gt/gt.txt`` (frame, id, x, y, w, h, -1): 359 boxes of
8 people over 71 frames of 640x480. TUD-Campus marks no visibility: its boxes
include people almost wholly hidden behind others, and boxes of people half
out of the frame run past its edges. We clip boxes to the frame (a detector
can only box what is in it) and keep every box, occluded or not.

Columns:
- ``R``: recall over all 359 boxes (the headline figure).
- ``R vis``: recall over the boxes at most 50% covered by a nearer person's
  box (nearer = lower bottom edge); about a quarter of the boxes are more
  hidden than that, which no single-frame detector can box at IoU 0.5.
- ``P``: precision, every unmatched detection counted as false.
- ``P≥h``: precision ignoring unmatched detections shorter than
  ``--ignore-below`` px. The annotated people are 129–310 px tall; the small
  detections in this scene are real people seen through the building's glass
  front, whom MOT15 does not annotate. ``P`` is the strict figure.
Timings are medians per frame on this machine (2 cores shared with other work).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np

from privacam.errors import InputError
from privacam.evaluation.detection import match, occluded_fraction
from privacam.evaluation.motchallenge import MotSequence, read_mot_file
from privacam.vision.detectors import (
    FlipAugmented,
    NanoDetDetector,
    TiledDetector,
    YoloxDetector,
    nms,
)
from privacam.vision.sources.image_folder import read_image
from privacam.vision.types import Detections
from sequence_args import REPO, add_sequence_arguments, fail, sequence_from

PERSON = 0


def models_dir() -> Path:
    for candidate in os.environ.get("PRIVACAM_MODELS", "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    fallback = REPO.parent / "shared" / "assets" / "models"
    if not fallback.is_dir():
        raise InputError(f"{fallback} not found: set PRIVACAM_MODELS")
    return fallback


def load_truth(sequence: MotSequence) -> dict[int, np.ndarray]:
    """Frame number → (N, 4) xyxy person boxes clipped to the frame."""
    if not sequence.ground_truth.is_file():
        raise InputError(f"no ground truth at {sequence.ground_truth}")
    size = [sequence.width, sequence.height] * 2
    return {
        frame: np.clip(xyxy, 0, size)
        for frame, (_, xyxy, _) in read_mot_file(sequence.ground_truth).items()
    }


class Union:
    """Two detectors' boxes merged with class-wise NMS (a two-model ensemble)."""

    def __init__(self, *detectors, nms_iou: float) -> None:
        self.detectors, self.nms_iou = detectors, nms_iou

    def detect(self, image: np.ndarray) -> Detections:
        merged = Detections.merge([d.detect(image) for d in self.detectors])
        if len(merged) == 0:
            return merged
        return merged[nms(merged.xyxy, merged.scores, self.nms_iou, merged.class_ids)]


def run(detector, images: list[np.ndarray]) -> tuple[list[Detections], float]:
    detector.detect(images[0])  # warm-up: first runs allocate
    found, seconds = [], []
    for image in images:
        start = time.perf_counter()
        result = detector.detect(image)
        seconds.append(time.perf_counter() - start)
        found.append(result[result.class_ids == PERSON])
    return found, statistics.median(seconds)


def score(
    found: list[Detections],
    sequence: MotSequence,
    truth: dict[int, np.ndarray],
    threshold: float,
    ignore_below: float,
) -> dict[str, float]:
    tp = fp = fp_tall = n_truth = n_visible = tp_visible = 0
    for frame, people in zip(sequence.frames, found, strict=True):
        people = people[people.scores >= threshold]
        gt = truth.get(frame, np.zeros((0, 4)))
        matched, hit = match(people.xyxy, people.scores, gt)
        visible = occluded_fraction(gt, sequence.width, sequence.height) <= 0.5
        tall = (people.xyxy[:, 3] - people.xyxy[:, 1]) >= ignore_below
        tp += int(matched.sum())
        fp += int((~matched).sum())
        fp_tall += int((~matched & tall).sum())
        n_truth += len(gt)
        n_visible += int(visible.sum())
        tp_visible += int((hit & visible).sum())
    return {
        "R": tp / max(n_truth, 1),
        "R vis": tp_visible / max(n_visible, 1),
        "P": tp / max(tp + fp, 1),
        "P≥h": tp / max(tp + fp_tall, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.3, 0.4, 0.5, 0.6, 0.7])
    parser.add_argument("--ignore-below", type=float, default=100.0, metavar="PX")
    add_sequence_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return evaluate(args)
    except InputError as error:
        return fail("bench_detection", error)


def evaluate(args: argparse.Namespace) -> int:
    sequence = sequence_from(args)
    truth = load_truth(sequence)
    models = models_dir()
    images = [read_image(p) for p in sequence.images]
    model = models / "yolox_nano.onnx"

    def yolox(nms_iou: float) -> YoloxDetector:
        return YoloxDetector(model, score_threshold=min(args.thresholds), nms_iou=nms_iou)

    def nanodet(nms_iou: float) -> NanoDetDetector:
        path = models / "object_detection_nanodet_2022nov.onnx"
        return NanoDetDetector(path, score_threshold=min(args.thresholds), nms_iou=nms_iou)

    def tiles(detector) -> TiledDetector:
        return TiledDetector(detector, 416, 0.25, nms_iou=0.65)

    configs = {
        "YOLOX-Nano, NMS 0.45": yolox(0.45),
        "YOLOX-Nano, NMS 0.65": yolox(0.65),
        "+ tiles 416 (25% overlap)": tiles(yolox(0.65)),
        "+ mirror": FlipAugmented(yolox(0.65), nms_iou=0.65),
        "+ tiles + mirror": FlipAugmented(tiles(yolox(0.65)), nms_iou=0.65),
        "NanoDet-Plus, NMS 0.65": nanodet(0.65),
        "+ tiles 416 (25% overlap) ": tiles(nanodet(0.65)),
        "YOLOX tiles + NanoDet tiles": Union(
            tiles(yolox(0.65)), tiles(nanodet(0.65)), nms_iou=0.65
        ),
    }
    all_truth = np.concatenate([np.zeros((0, 4)), *truth.values()])
    visible = sum(
        int((occluded_fraction(g, sequence.width, sequence.height) <= 0.5).sum())
        for g in truth.values()
    )
    print(
        f"{sequence.name}: {len(images)} frames, {len(all_truth)} person boxes "
        f"({visible} at most 50% occluded); P≥h ignores unmatched detections "
        f"< {args.ignore_below:g} px tall\n"
    )
    columns = ["R", "R vis", "P", "P≥h"]
    header = f"{'detector':27s} {'score':>5s} " + " ".join(f"{c:>6s}" for c in columns)
    print(header + f" {'ms/frame':>9s}")
    print("-" * (len(header) + 10))
    for name, detector in configs.items():
        found, seconds = run(detector, images)
        for index, threshold in enumerate(args.thresholds):
            figures = score(found, sequence, truth, threshold, args.ignore_below)
            timing = f"{seconds * 1000:9.1f}" if index == 0 else ""
            label = name if index == 0 else ""
            cells = " ".join(f"{figures[c]:6.3f}" for c in columns)
            print(f"{label:27s} {threshold:5.2f} {cells} {timing}")
    print("\ntarget: person recall >= 0.85 at precision >= 0.70")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
