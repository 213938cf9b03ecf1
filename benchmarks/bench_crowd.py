"""Crowd counting accuracy on the ShanghaiTech part-B sample: MAE of people per image.

    .venv/bin/python benchmarks/bench_crowd.py            # every configuration below
    .venv/bin/python benchmarks/bench_crowd.py --only default

Each configuration is a :class:`privacam.cases.detection.DetectorPlan`: YOLOX-Nano
on the full frame or on overlapping tiles (merged with the full frame by NMS),
at a given score threshold, optionally united with YuNet faces (a face inside
a person box is the same person). The count of an image is the number of
person boxes. ``default`` is the crowd case's plan (privacam.cases.factory).
Prints per image the truth and each count, the MAE, the median seconds per image,
and, so that a good count is not just misses cancelling false alarms, the share
of annotated heads matched one-to-one to a box whose upper part holds them
("heads found") and the share of boxes so matched ("boxes on a head").
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import scipy.io
from scipy.optimize import linear_sum_assignment

from privacam.cases.detection import DetectorPlan
from privacam.cases.factory import CROWD_DETECTOR

REPO = Path(__file__).resolve().parents[1]


def asset_dir(env: str, name: str) -> Path:
    for candidate in os.environ.get(env, "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "assets" / name


CONFIGS: dict[str, DetectorPlan] = {
    "full frame 0.3": DetectorPlan(score_threshold=0.3),
    "2x2 tiles 512x384 0.3": DetectorPlan(
        score_threshold=0.3, tile_size=(512, 384), tile_overlap=0.0
    ),
    "3x3 tiles 416 0.3": DetectorPlan(score_threshold=0.3, tile_size=(416, 416)),
    "3x3 tiles 416 0.2": DetectorPlan(score_threshold=0.2, tile_size=(416, 416)),
    "3x3 tiles 416 0.15": DetectorPlan(score_threshold=0.15, tile_size=(416, 416)),
    "3x3 tiles 416 0.1": DetectorPlan(score_threshold=0.1, tile_size=(416, 416)),
    "3x3 416 0.15 + faces": DetectorPlan(score_threshold=0.15, tile_size=(416, 416), faces=True),
    "4x3 tiles 320 0.3": DetectorPlan(score_threshold=0.3, tile_size=(320, 320)),
    "4x3 tiles 320 0.2": DetectorPlan(score_threshold=0.2, tile_size=(320, 320)),
    "4x3 tiles 320 0.15": DetectorPlan(score_threshold=0.15, tile_size=(320, 320)),
    "4x3 tiles 320 0.1": DetectorPlan(score_threshold=0.1, tile_size=(320, 320)),
    "4x3 320 0.2 tiles only": DetectorPlan(
        score_threshold=0.2, tile_size=(320, 320), include_full_frame=False
    ),
    "4x3 320 0.2 overlap 0.4": DetectorPlan(
        score_threshold=0.2, tile_size=(320, 320), tile_overlap=0.4
    ),
    "4x3 320 0.2 + faces": DetectorPlan(score_threshold=0.2, tile_size=(320, 320), faces=True),
    "4x3 320 0.15 + faces": DetectorPlan(score_threshold=0.15, tile_size=(320, 320), faces=True),
    "5x4 tiles 256 0.3": DetectorPlan(score_threshold=0.3, tile_size=(256, 256)),
    "5x4 tiles 256 0.2": DetectorPlan(score_threshold=0.2, tile_size=(256, 256)),
    "default": CROWD_DETECTOR,
}


def heads(media: Path, image_name: str) -> np.ndarray:
    """``(N, 2)`` annotated head points of one image (ShanghaiTech's GT_*.mat)."""
    mat = scipy.io.loadmat(str(media / "ground-truth" / f"GT_{Path(image_name).stem}.mat"))
    return np.asarray(mat["image_info"][0, 0]["location"][0, 0], dtype=np.float64)


def matched(points: np.ndarray, boxes: np.ndarray) -> int:
    """Heads matched one-to-one to boxes whose top 40 % (a little above, too) holds them."""
    if len(points) == 0 or len(boxes) == 0:
        return 0
    h = boxes[:, 3] - boxes[:, 1]
    inside = (
        (points[:, None, 0] >= boxes[None, :, 0])
        & (points[:, None, 0] <= boxes[None, :, 2])
        & (points[:, None, 1] >= boxes[None, :, 1] - 0.1 * h)
        & (points[:, None, 1] <= boxes[None, :, 1] + 0.4 * h)
    )
    rows, cols = linear_sum_assignment(~inside)
    return int(inside[rows, cols].sum())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only these configurations")
    parser.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads")
    args = parser.parse_args(argv)
    media = asset_dir("PRIVACAM_MEDIA", "media") / "ShanghaiTech_partB_sample"
    models = asset_dir("PRIVACAM_MODELS", "models")
    if not (media / "counts.csv").is_file():
        print(f"no counts.csv at {media}; set PRIVACAM_MEDIA", file=sys.stderr)
        return 2
    with open(media / "counts.csv", newline="") as handle:
        truth = {row["image"]: int(row["count"]) for row in csv.DictReader(handle)}
    images = {name: cv2.imread(str(media / "images" / name)) for name in truth}
    points = {name: heads(media, name) for name in truth}
    names = args.only or list(CONFIGS)
    print(f"ShanghaiTech part B sample: {len(images)} images, truth {list(truth.values())}")
    for name in names:
        plan = CONFIGS[name]
        detector = plan.build(models, intra_op_num_threads=args.threads)
        counts, seconds, hits = [], [], 0
        for image_name, image in images.items():
            start = time.perf_counter()
            found = detector.detect(image)
            seconds.append(time.perf_counter() - start)
            people = found[found.class_ids == 0]
            counts.append(len(people))
            hits += matched(points[image_name], people.xyxy.astype(np.float64))
        errors = [abs(c - t) for c, t in zip(counts, truth.values(), strict=True)]
        mae = sum(errors) / len(errors)
        print(
            f"{name:24s} counts {counts}  MAE {mae:5.1f}  "
            f"heads found {hits / sum(truth.values()):.0%}  boxes on a head "
            f"{hits / max(sum(counts), 1):.0%}  median {statistics.median(seconds):.2f} s/image"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
