"""Vision pipeline speed on TUD-Campus: decode → detect → track, against its ceilings.

    .venv/bin/python benchmarks/bench_pipeline.py --passes 5
    .venv/bin/python benchmarks/bench_pipeline.py --tiled        # the tiled detector

Three measurements with the same detector configuration, alternated pass by pass in one
process so that load on a shared machine hits them alike:

- decode only: the threaded folder source, frames read and dropped;
- detector only: the detector on frames already decoded into memory (the ceiling the
  pipeline can at best reach);
- pipeline: the threaded source feeding the detector and the ByteTracker, so decoding
  overlaps inference.

Prints the medians, the pipeline/detector ratio (target ≥ 0.70) and the core count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import cv2

from asset_dirs import media_dir
from privacam.vision.detectors import TiledDetector, YoloxDetector
from privacam.vision.sources import open_source
from privacam.vision.tracking import ByteTracker

REPO = Path(__file__).resolve().parents[1]
FPS = 25.0


def decode_only(folder: Path) -> float:
    start = time.perf_counter()
    with open_source(str(folder), fps=FPS) as source:
        count = sum(1 for _ in source)
    return count / (time.perf_counter() - start)


def detector_only(detector, images: list) -> float:
    start = time.perf_counter()
    for image in images:
        detector.detect(image)
    return len(images) / (time.perf_counter() - start)


def pipeline(detector, folder: Path) -> float:
    tracker = ByteTracker()
    start = time.perf_counter()
    count = 0
    with open_source(str(folder), fps=FPS) as source:
        for frame in source:
            tracker.update(detector.detect(frame.image), frame.index, frame.timestamp)
            count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--tiled", action="store_true", help="YOLOX on 416 px tiles")
    args = parser.parse_args()

    os.environ.setdefault("PRIVACAM_MODELS", str(REPO.parent / "shared" / "assets" / "models"))
    media = media_dir()
    folder = media / "TUD-Campus" / "img1"
    images = [cv2.imread(str(p)) for p in sorted(folder.glob("*.jpg"))]

    detector = YoloxDetector(score_threshold=0.1, classes=(0,))
    if args.tiled:
        detector = TiledDetector(detector, tile_size=416)
    detector.detect(images[0])  # warm-up: session initialisation is not per-frame cost

    decode, detect, piped = [], [], []
    for _ in range(args.passes):
        decode.append(decode_only(folder))
        detect.append(detector_only(detector, images))
        piped.append(pipeline(detector, folder))

    median = statistics.median
    print(f"TUD-Campus: {len(images)} frames 640x480; detector: {type(detector).__name__}")
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}; passes: {args.passes}")
    print(f"{'measurement':<28}{'median fps':>12}{'passes':>40}")
    for name, values in (
        ("decode only (threaded)", decode),
        ("detector only (ceiling)", detect),
        ("pipeline decode→detect→track", piped),
    ):
        spread = ", ".join(f"{v:.0f}" for v in values)
        print(f"{name:<28}{median(values):>12.1f}{spread:>40}")
    ratios = [p / d for p, d in zip(piped, detect, strict=True)]
    print(
        f"pipeline / detector-only: {median(piped) / median(detect):.2f} "
        f"(median of per-pass ratios {median(ratios):.2f}; target >= 0.70)"
    )


if __name__ == "__main__":
    main()
