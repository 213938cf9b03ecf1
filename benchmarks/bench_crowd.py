"""Crowd counting accuracy on a folder of crowd images: MAE of people per image.

    .venv/bin/python benchmarks/bench_crowd.py            # every configuration below
    .venv/bin/python benchmarks/bench_crowd.py --only default
    .venv/bin/python benchmarks/bench_crowd.py --images part_B/test_data/images \
        --counts part_B/test_data/counts.csv --heads part_B/test_data/ground-truth

The images are the ShanghaiTech part-B sample in ``PRIVACAM_MEDIA`` unless
``--images DIR`` names another folder; ``--counts CSV`` (columns ``image``,
``count``; default ``counts.csv`` beside the folder) gives the true count of
each image it lists, and ``--heads DIR`` (default ``ground-truth`` beside the
folder, if there) ShanghaiTech's ``GT_<image>.mat`` head points.

Each configuration is a :class:`privacam.cases.detection.DetectorPlan`: YOLOX-Nano
on the full frame or on overlapping tiles (merged with the full frame by NMS),
at a given score threshold, optionally united with YuNet faces (a face inside
a person box is the same person). The count of an image is the number of
person boxes. ``default`` is the crowd case's plan (privacam.cases.factory).
Prints per image the truth and each count, the MAE, the median seconds per image,
and, so that a good count is not just misses cancelling false alarms, the share
of annotated heads matched one-to-one to a box whose upper part holds them
("heads found") and the share of boxes so matched ("boxes on a head"), when
head points are there.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import time
from pathlib import Path

import numpy as np
import scipy.io
from scipy.optimize import linear_sum_assignment

from privacam.cases.detection import DetectorPlan
from privacam.cases.factory import CROWD_DETECTOR
from privacam.errors import InputError
from privacam.vision.sources import list_images
from privacam.vision.sources.image_folder import read_image
from sequence_args import fail

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


def heads(folder: Path, image_name: str) -> np.ndarray:
    """``(N, 2)`` annotated head points of one image (ShanghaiTech's GT_*.mat)."""
    path = folder / f"GT_{Path(image_name).stem}.mat"
    if not path.is_file():
        raise InputError(f"no head points for {image_name} at {path}")
    mat = scipy.io.loadmat(str(path))
    return np.asarray(mat["image_info"][0, 0]["location"][0, 0], dtype=np.float64)


def read_counts(path: Path) -> dict[str, int]:
    """``{image name: true count}`` from a CSV with columns ``image`` and ``count``."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(f"cannot read counts {path}: {exc.strerror or exc}") from None
    try:
        return {row["image"]: int(row["count"]) for row in rows}
    except (KeyError, TypeError, ValueError):
        raise InputError(f"{path} needs columns image,count with whole counts") from None


def load_images(folder: Path, counts: Path) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """The true counts and the decoded images they name; ``InputError`` if there are none."""
    present = {p.name: p for p in list_images(folder)}  # raises when the folder has no image
    truth = read_counts(counts)
    if not truth:
        raise InputError(f"{counts} lists no image; nothing to measure")
    missing = sorted(set(truth) - set(present))
    if missing:
        raise InputError(f"{counts} lists {len(missing)} image(s) not in {folder}: {missing[:3]}")
    return truth, {name: read_image(present[name]) for name in truth}


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
    parser.add_argument(
        "--images",
        type=Path,
        metavar="DIR",
        help="folder of crowd images (default: the ShanghaiTech part B sample)",
    )
    parser.add_argument(
        "--counts", type=Path, metavar="CSV", help="image,count (default: counts.csv beside DIR)"
    )
    parser.add_argument(
        "--heads", type=Path, metavar="DIR", help="GT_<image>.mat head points (default: beside)"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.only or [] if name not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration(s) {unknown}; choose from {list(CONFIGS)}")
    try:
        return evaluate(args)
    except InputError as error:
        return fail("bench_crowd", error)


def evaluate(args: argparse.Namespace) -> int:
    sample = asset_dir("PRIVACAM_MEDIA", "media") / "ShanghaiTech_partB_sample"
    folder = args.images or sample / "images"
    truth, images = load_images(folder, args.counts or folder.parent / "counts.csv")
    head_dir = args.heads or folder.parent / "ground-truth"
    points = {name: heads(head_dir, name) for name in truth} if head_dir.is_dir() else None
    models = asset_dir("PRIVACAM_MODELS", "models")
    names = args.only or list(CONFIGS)
    print(f"{folder}: {len(images)} images, truth {list(truth.values())}")
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
            if points is not None:
                hits += matched(points[image_name], people.xyxy.astype(np.float64))
        errors = [abs(c - t) for c, t in zip(counts, truth.values(), strict=True)]
        mae = sum(errors) / len(errors)
        on_heads = (
            f"heads found {hits / max(sum(truth.values()), 1):.0%}  boxes on a head "
            f"{hits / max(sum(counts), 1):.0%}  "
            if points is not None
            else ""
        )
        print(
            f"{name:24s} counts {counts}  MAE {mae:5.1f}  {on_heads}"
            f"median {statistics.median(seconds):.2f} s/image"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
