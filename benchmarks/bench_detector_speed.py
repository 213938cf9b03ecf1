"""Median time per image of each detector (and wrapper) on the shared test images.

Run:  .venv/bin/python benchmarks/bench_detector_speed.py [--repeat 3] [--threads N]

Each detector runs on the images it is meant for (TUD-Campus 640x480 for
people, PASCAL VOC photos for faces, 1280x720 car photos for plates), once to
warm up and then ``--repeat`` times over the set; it prints the median and
the ratio to plain YOLOX-Nano. The machine's cores are shared: compare ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import cv2

from privacam.vision.detectors import (
    CenterFaceDetector,
    FlipAugmented,
    LpdYunetDetector,
    PlatesInVehicles,
    TiledDetector,
    YoloxDetector,
    YunetFaceDetector,
)
from privacam.vision.models import resolve_model

ASSETS = Path(__file__).resolve().parents[2] / "shared" / "assets"


def first_dir(env: str, fallback: Path) -> Path:
    for candidate in [*os.environ.get(env, "").split(os.pathsep), str(fallback)]:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    sys.exit(f"{fallback} not found: set {env}")


def median_ms(detector, images, repeat: int) -> float:
    detector.detect(images[0])
    times = []
    for _ in range(repeat):
        for image in images:
            start = time.perf_counter()
            detector.detect(image)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="ORT intra-op threads")
    args = parser.parse_args()
    models = first_dir("PRIVACAM_MODELS", ASSETS / "models")
    media = first_dir("PRIVACAM_MEDIA", ASSETS / "media")
    os.environ["PRIVACAM_MODELS"] = str(models)

    def load(folder: str, pattern: str, every: int = 1):
        paths = sorted((media / folder).glob(pattern))[::every]
        return [cv2.imread(str(p)) for p in paths]

    people = load("TUD-Campus/img1", "*.jpg", every=7)
    faces = load("dlib_faces_voc", "*.jpg")
    cars = load("openalpr_us", "*.jpg")
    ort = {"intra_op_num_threads": args.threads}
    yolox = YoloxDetector(**ort)
    lpd = LpdYunetDetector(**ort)
    cases = [
        ("YOLOX-Nano", yolox, people),
        ("YOLOX-Nano + tiles 416", TiledDetector(yolox, 416, 0.25), people),
        ("YOLOX-Nano + tiles + mirror", FlipAugmented(TiledDetector(yolox, 416, 0.25)), people),
        ("YuNet", YunetFaceDetector(), faces),
        ("CenterFace", CenterFaceDetector(resolve_model("centerface"), **ort), faces),
        ("LPD-YuNet, whole frame", lpd, cars),
        ("LPD-YuNet, tiles 640x480", TiledDetector(lpd, (640, 480), 0.25, False), cars),
        ("LPD-YuNet, tiles 480x360", TiledDetector(lpd, (480, 360), 0.25, False), cars),
        ("LPD-YuNet in YOLOX vehicles", PlatesInVehicles(yolox, lpd), cars),
    ]
    baseline = None
    print(f"{'detector':30s} {'images':>12s} {'ms/image':>9s} {'x YOLOX':>8s}")
    for name, detector, images in cases:
        ms = median_ms(detector, images, args.repeat)
        baseline = baseline or ms
        size = f"{len(images)}x{images[0].shape[1]}x{images[0].shape[0]}"
        print(f"{name:30s} {size:>12s} {ms:9.1f} {ms / baseline:8.1f}")


if __name__ == "__main__":
    main()
