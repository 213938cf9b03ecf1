"""Crowd counting for case ⑥: count, head positions and time on dense and sparse scenes.

    .venv/bin/python benchmarks/bench_crowd.py --only default --tud --threads 1 --repeat 3
    .venv/bin/python benchmarks/bench_crowd.py --images DIR --counts CSV --heads DIR

Dense: the ShanghaiTech part-B sample (``--images``, ``--counts`` with columns
``image,count``, ``--heads`` holding ``GT_<image>.mat`` head points; defaults under
``$PRIVACAM_MEDIA/ShanghaiTech_partB_sample``). Sparse: every frame of a
MOTChallenge sequence (``--tud``, default ``$PRIVACAM_MEDIA/TUD-Campus``), whose
``gt/gt.txt`` rows per frame are the people there.

Each configuration is a :class:`privacam.cases.detection.DetectorPlan`: YOLOX-Nano
on the full frame or on overlapping tiles (merged with the full frame by NMS),
optionally united with YuNet faces, or the hybrid by scene with the MCNN density
model (``density=``). ``default`` is the crowd case's plan (privacam.cases.entries.crowd):
the hybrid by scene with MCNN; its variants change one setting each, and the
previous default, boxes alone, is ``4x3 tiles 320 0.15``. ``MCNN alone`` and
``CSRNet alone`` (opt-in; only if its file is in the models folder) are the
density models on their own, every frame treated as dense.

Per configuration: the counts and MAE; *heads found* (annotated heads matched
one-to-one to a box whose upper part holds them) and *boxes on a head*; *point
recall*, the share of annotated heads matched one-to-one to a person's head
point within ``--radius`` px (20); median wall and CPU seconds per image; and
with ``--tud``, the mean absolute count error per frame there.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import scipy.io
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist

from privacam.cases.detection import DetectorPlan
from privacam.cases.entries.crowd import CROWD_DETECTOR
from privacam.errors import InputError
from privacam.evaluation.motchallenge import read_mot_file
from privacam.vision.density import (
    CSRNetDensity,
    DensityCrowdConfig,
    MCNNDensity,
    density_points,
    head_points,
)
from privacam.vision.density.hybrid import DENSITY_PERSON_SCORE
from privacam.vision.sources import list_images
from privacam.vision.sources.image_folder import read_image
from privacam.vision.types import Detections
from sequence_args import fail

REPO = Path(__file__).resolve().parents[1]


def asset_dir(env: str, name: str) -> Path:
    for candidate in os.environ.get(env, "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "assets" / name


def hybrid(**settings) -> DetectorPlan:
    """The crowd plan with other density-crowd settings."""
    return replace(CROWD_DETECTOR, density=DensityCrowdConfig(**settings))


CONFIGS: dict[str, DetectorPlan] = {
    "full frame 0.3": DetectorPlan(score_threshold=0.3),
    "full frame 0.4": DetectorPlan(score_threshold=0.4),
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
    "hybrid, dense score 0.2": hybrid(dense_score=0.2),
    "hybrid, dense score 0.1": replace(
        CROWD_DETECTOR, score_threshold=0.1, density=DensityCrowdConfig(dense_score=0.1)
    ),
    "hybrid, sparse score 0.3": hybrid(sparse_score=0.3),
    "hybrid, sparse score 0.5": hybrid(sparse_score=0.5),
    "hybrid, residual 6": hybrid(dense_residual=6.0),
    "hybrid, residual 13": hybrid(dense_residual=13.0),
    "hybrid, every tile": hybrid(tile_mass=0.0),
    "hybrid, head region 0.5": hybrid(head_region=0.5),
}
DENSITY_ALONE = ("MCNN alone", "CSRNet alone")


class DensityAlone:
    """A density model on its own: one small box per density point, its head as landmark."""

    def __init__(self, model) -> None:
        self.model = model

    def detect(self, image: np.ndarray) -> Detections:
        density = self.model.estimate(image)
        heads = density.to_image(density_points(density.values))
        return Detections(
            xyxy=np.c_[heads - 4, heads + 4],
            scores=np.full(len(heads), DENSITY_PERSON_SCORE),
            class_ids=np.zeros(len(heads)),
            landmarks=heads.reshape(-1, 1, 2),
        )


def build(name: str, models: Path, threads: int, mcnn_scale: float | None):
    if name == "MCNN alone":
        scale = {} if mcnn_scale is None else {"scale": mcnn_scale}
        return DensityAlone(
            MCNNDensity(models / "mcnn_shtechB_110.onnx", intra_op_num_threads=threads, **scale)
        )
    if name == "CSRNet alone":
        return DensityAlone(
            CSRNetDensity(models / "csrnet_pypi0.2_int8.onnx", intra_op_num_threads=threads)
        )
    return CONFIGS[name].build(models, intra_op_num_threads=threads)


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


def points_matched(truth: np.ndarray, found: np.ndarray, radius: float) -> int:
    """Annotated heads matched one-to-one to found head points within ``radius`` px."""
    if len(truth) == 0 or len(found) == 0:
        return 0
    distance = cdist(truth, found)
    rows, cols = linear_sum_assignment(np.where(distance <= radius, distance, 1e9))
    return int((distance[rows, cols] <= radius).sum())


def person_heads(people: Detections) -> np.ndarray:
    """Each person's head point: the detector's landmark when it gives one, else estimated."""
    if people.landmarks is not None and people.landmarks.shape[1] == 1:
        return people.landmarks[:, 0].astype(np.float64)
    return head_points(people.xyxy)


@dataclass
class Dense:
    counts: list[int]
    mae: float
    heads_found: float | None
    boxes_on_head: float | None  # None: no head points for these images
    point_recall: float | None
    wall: float
    cpu: float
    unexplained: list[float]


def unexplained(detector) -> list[float]:
    """The hybrid's scene figure for the frame it just saw (nothing for other detectors)."""
    scene = getattr(detector, "last_scene", None)
    return [] if scene is None else [scene.unexplained]


def run_dense(detector, images, truth, points, radius: float, repeat: int) -> Dense:
    counts, walls, cpus, hits, point_hits, masses = [], [], [], 0, 0, []
    for image_name, image in images.items():
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            found = detector.detect(image)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        masses += unexplained(detector)
        people = found[found.class_ids == 0]
        counts.append(len(people))
        if points is not None:
            hits += matched(points[image_name], people.xyxy.astype(np.float64))
            point_hits += points_matched(points[image_name], person_heads(people), radius)
    annotated = max(sum(len(p) for p in points.values()), 1) if points is not None else 0
    errors = [abs(c - t) for c, t in zip(counts, truth.values(), strict=True)]
    return Dense(
        counts,
        sum(errors) / len(errors),
        hits / annotated if annotated else None,
        hits / max(sum(counts), 1) if annotated else None,
        point_hits / annotated if annotated else None,
        statistics.median(walls),
        statistics.median(cpus),
        masses,
    )


def run_sparse(detector, sequence: Path) -> tuple[float, float, float, int, list[float]]:
    """Mean absolute count error, mean count and mean truth per frame; dense-judged frames;
    the hybrid's unexplained density per frame."""
    truth = read_mot_file(sequence / "gt" / "gt.txt")
    frames = sorted((sequence / "img1").glob("*.jpg"))
    errors, counts, dense, masses = [], [], 0, []
    for path in frames:
        found = detector.detect(cv2.imread(str(path)))
        count = int((found.class_ids == 0).sum())
        people = len(truth.get(int(path.stem), ((),))[0])
        errors.append(abs(count - people))
        counts.append(count)
        scene = getattr(detector, "last_scene", None)
        dense += bool(scene is not None and scene.dense)
        masses += unexplained(detector)
    annotated = [len(truth.get(int(p.stem), ((),))[0]) for p in frames]
    return (
        statistics.fmean(errors),
        statistics.fmean(counts),
        statistics.fmean(annotated),
        dense,
        masses,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only these configurations")
    parser.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads")
    sample = asset_dir("PRIVACAM_MEDIA", "media") / "ShanghaiTech_partB_sample"
    parser.add_argument("--images", type=Path, default=sample / "images")
    parser.add_argument("--counts", type=Path, default=sample / "counts.csv")
    parser.add_argument(
        "--heads", type=Path, help="GT_<image>.mat folder (default ../ground-truth)"
    )
    parser.add_argument("--models", type=Path, default=asset_dir("PRIVACAM_MODELS", "models"))
    parser.add_argument(
        "--tud",
        nargs="?",
        type=Path,
        const=asset_dir("PRIVACAM_MEDIA", "media") / "TUD-Campus",
        help="also count every frame of this MOTChallenge sequence (default TUD-Campus)",
    )
    parser.add_argument("--radius", type=float, default=20.0, help="point recall radius, px")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per image")
    parser.add_argument("--mcnn-scale", type=float, help="resize factor for MCNN alone")
    args = parser.parse_args(argv)
    try:
        truth, images = load_images(args.images, args.counts)
        head_dir = args.heads or args.images.parent / "ground-truth"
        points = {n: heads(head_dir, n) for n in truth} if head_dir.is_dir() else None
    except InputError as error:
        return fail("bench_crowd", error)
    names = args.only or [*CONFIGS, *DENSITY_ALONE]
    unknown = [n for n in names if n not in CONFIGS and n not in DENSITY_ALONE]
    if unknown:
        print(
            f"unknown configuration(s) {unknown}; known: {[*CONFIGS, *DENSITY_ALONE]}",
            file=sys.stderr,
        )
        return 2
    print(
        f"{args.images}: {len(images)} images, truth {list(truth.values())}; "
        f"point recall within {args.radius:g} px; {args.threads} ORT threads; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for name in names:
        if name == "CSRNet alone" and not (args.models / "csrnet_pypi0.2_int8.onnx").is_file():
            print(f"{name:26s} skipped: csrnet_pypi0.2_int8.onnx is not in {args.models}")
            continue
        detector = build(name, args.models, args.threads, args.mcnn_scale)
        dense = run_dense(detector, images, truth, points, args.radius, args.repeat)
        on_heads = (
            f"heads found {dense.heads_found:.0%}  boxes on a head {dense.boxes_on_head:.0%}  "
            f"point recall {dense.point_recall:.2f}  "
            if dense.point_recall is not None
            else ""
        )
        line = (
            f"{name:26s} counts {dense.counts}  MAE {dense.mae:5.1f}  {on_heads}"
            f"median {dense.wall * 1000:.0f} ms wall, {dense.cpu * 1000:.0f} ms CPU/image"
        )
        if dense.unexplained:
            line += f"  unexplained {min(dense.unexplained):.1f}-{max(dense.unexplained):.1f}"
        if args.tud is not None:
            error, mean, annotated, dense_frames, masses = run_sparse(detector, args.tud)
            line += (
                f"  | {args.tud.name}: count error {error:.2f}/frame "
                f"(mean {mean:.2f}, truth {annotated:.2f}), dense frames {dense_frames}"
            )
            if masses:
                line += f", unexplained {min(masses):.1f}-{max(masses):.1f}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
