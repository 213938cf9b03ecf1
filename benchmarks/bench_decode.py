"""Decode-only ceiling of the frame sources on TUD-Campus (71 JPEGs, 640x480).

    .venv/bin/python benchmarks/bench_decode.py
    .venv/bin/python benchmarks/bench_decode.py --passes 7 --work-ms 20

Prints frames per second (median of ``--passes`` passes, after one warm-up)
through the image-folder source read in the consumer's thread ("plain") and
through the background decoder thread ("threaded"), plus the core count.
``--work-ms`` adds a simulated per-frame inference step that releases the GIL
(as ONNX Runtime does), to show how much decoding the thread hides behind it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from privacam.vision.sources import open_source

REPO = Path(__file__).resolve().parents[1]


def media_root() -> Path:
    for candidate in os.environ.get("PRIVACAM_MEDIA", "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "assets" / "media"


def one_pass(folder: Path, *, threaded: bool, work_s: float) -> float:
    """Frames per second of one full pass over the folder."""
    start = time.perf_counter()
    count = 0
    with open_source(folder, fps=25, threaded=threaded) as source:
        for _ in source:
            if work_s:
                time.sleep(work_s)
            count += 1
    return count / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes per mode (>= 3)")
    parser.add_argument("--work-ms", type=float, default=0.0, help="simulated inference per frame")
    args = parser.parse_args()
    folder = media_root() / "TUD-Campus" / "img1"
    if not folder.is_dir():
        print(f"TUD-Campus frames not found at {folder}; set PRIVACAM_MEDIA", file=sys.stderr)
        return 2
    passes = max(3, args.passes)
    work_s = args.work_ms / 1000
    print(f"cores: {os.cpu_count()}  frames: {folder}  passes: {passes}  work: {args.work_ms} ms")
    results = {}
    for mode in ("plain", "threaded"):
        threaded = mode == "threaded"
        one_pass(folder, threaded=threaded, work_s=work_s)  # warm the page cache
        rates = [one_pass(folder, threaded=threaded, work_s=work_s) for _ in range(passes)]
        results[mode] = statistics.median(rates)
        spread = f"min {min(rates):.0f}, max {max(rates):.0f}"
        print(f"{mode:>8}: {results[mode]:7.1f} frames/s (median; {spread})")
    print(f"threaded / plain: {results['threaded'] / results['plain']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
