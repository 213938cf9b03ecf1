"""Crowd counting accuracy on the ShanghaiTech part-B sample: MAE of people per image.

    .venv/bin/python benchmarks/bench_crowd.py            # every configuration below
    .venv/bin/python benchmarks/bench_crowd.py --only default

Each configuration is a :class:`privacam.cases.detection.DetectorPlan`: YOLOX-Nano
on the full frame or on overlapping tiles (merged with the full frame by NMS),
at a given score threshold, optionally united with YuNet faces (a face inside
a person box is the same person). The count of an image is the number of
person boxes. ``default`` is the crowd case's plan (privacam.cases.factory).
Prints per image the truth and each count, the MAE, and the median seconds per image.
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
    names = args.only or list(CONFIGS)
    print(f"ShanghaiTech part B sample: {len(images)} images, truth {list(truth.values())}")
    for name in names:
        plan = CONFIGS[name]
        detector = plan.build(models, intra_op_num_threads=args.threads)
        counts, seconds = [], []
        for image in images.values():
            start = time.perf_counter()
            found = detector.detect(image)
            seconds.append(time.perf_counter() - start)
            counts.append(int((found.class_ids == 0).sum()))
        errors = [abs(c - t) for c, t in zip(counts, truth.values(), strict=True)]
        mae = sum(errors) / len(errors)
        print(
            f"{name:24s} counts {counts}  MAE {mae:5.1f}  "
            f"median {statistics.median(seconds):.2f} s/image"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
