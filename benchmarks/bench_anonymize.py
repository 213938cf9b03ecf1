"""privacam anonymize against deface, side by side on the same frames and machine (case ⑤).

Speed: ``privacam anonymize`` (faces and plates, process pool) against
``deface --backend onnxrt`` (faces only) on the 71 TUD-Campus frames, each as
a fresh command, start-up included; images per second, median of ``--runs``.
Runs alternate between the tools so machine load hits both alike.

Recall and over-masking: both tools mask with a solid black fill into PNG
(lossless), and a pixel counts as masked when it differs from the input. A
ground-truth box is covered when >= 80 % of its pixels are masked. Over-masking
is the share of pixels outside every ground-truth box that changed. Faces:
``dlib_faces_voc`` (18 boxes in training.xml); plates: ``openalpr_us`` (12).

deface needs ``opencv-python``, which must not enter privacam's venv: install it
apart (see benchmarks/README.md) and pass its executable::

    python3 -m venv /tmp/deface-venv
    /tmp/deface-venv/bin/pip install deface onnx onnxruntime
    PRIVACAM_MODELS=../shared/assets/models .venv/bin/python benchmarks/bench_anonymize.py \\
        --deface-bin /tmp/deface-venv/bin/deface
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from privacam.cases.street.detection import DetectorConfig, StreetDetector
from privacam.cases.street.masking import apply_masks
from privacam.evaluation.truth_boxes import dlib_faces, openalpr_plates
from privacam.vision.redaction import RedactionStyle

REPO = Path(__file__).resolve().parents[1]
PRIVACAM_BIN = Path(sys.executable).with_name("privacam")


def media_root(given: str | None) -> Path:
    for candidate in (given, os.environ.get("PRIVACAM_MEDIA"), REPO.parent / "shared/assets/media"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    sys.exit("media not found: pass --media or set PRIVACAM_MEDIA")


def coverage(
    original: np.ndarray, masked: np.ndarray, boxes: np.ndarray
) -> tuple[list[float], float]:
    """Per gt box the masked share, and the changed share of pixels outside all gt boxes."""
    changed = (original != masked).any(axis=2)
    inside = np.zeros(changed.shape, bool)
    shares = []
    for x0, y0, x1, y1 in boxes:
        x0, y0 = max(x0, 0), max(y0, 0)
        shares.append(float(changed[y0:y1, x0:x1].mean()))
        inside[y0:y1, x0:x1] = True
    outside = ~inside
    return shares, float(changed[outside].sum() / max(outside.sum(), 1))


def privacam_masks(items, detector: StreetDetector, method: str) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    style = RedactionStyle(method=method, shape="ellipse", margin=0.15)  # the street defaults
    out = []
    for path, _ in items:
        image = cv2.imread(str(path))
        out.append(apply_masks(image, detector.detect(image), style))
    return out


def deface_masks(items, deface_bin: str, work: Path, method: str) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    out = []
    for i, (path, _) in enumerate(items):
        target = work / f"deface_{i}.png"
        subprocess.run(
            [deface_bin, str(path), "-o", str(target), "--backend", "onnxrt", "--replacewith", method],
            check=True, capture_output=True,
        )  # fmt: skip
        out.append(cv2.imread(str(target)))
    return out


def score(name: str, items, outputs) -> None:  # type: ignore[no-untyped-def]
    covered = total = 0
    over = []
    for (path, boxes), masked in zip(items, outputs, strict=True):
        original = cv2.imread(str(path))
        shares, outside = coverage(original, masked, boxes)
        covered += sum(s >= 0.8 for s in shares)
        total += len(shares)
        over.append(outside)
    print(
        f"  {name:<34} recall {covered:>2}/{total} = {covered / total:.3f}   "
        f"over-masking {100 * float(np.mean(over)):.2f} % of non-gt pixels"
    )


def time_privacam(frames: Path | list[Path], work: Path, workers: int | None) -> float:
    out = work / "privacam_out"
    shutil.rmtree(out, ignore_errors=True)
    inputs = [str(p) for p in frames] if isinstance(frames, list) else [str(frames)]
    cmd = [str(PRIVACAM_BIN), "anonymize", *inputs, "-o", str(out), "--no-qa-sheet"]
    if workers:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def time_deface(frames: Path, work: Path, deface_bin: str) -> float:
    copy = work / "deface_in"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(frames, copy)  # deface writes its outputs beside its inputs
    start = time.perf_counter()
    subprocess.run([deface_bin, str(copy), "--backend", "onnxrt"], check=True, capture_output=True)
    return time.perf_counter() - start


def make_video(frames: Path, target: Path, fps: int = 25) -> int:
    """The TUD-Campus frames as one H.264 video (what a dashcam would hand over)."""
    import av

    paths = sorted(frames.glob("*.jpg"))
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        first = cv2.imread(str(paths[0]))
        stream.width, stream.height, stream.pix_fmt = first.shape[1], first.shape[0], "yuv420p"
        stream.options = {"crf": "18"}
        for i, path in enumerate(paths):
            frame = av.VideoFrame.from_ndarray(cv2.imread(str(path)), format="bgr24")
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return len(paths)


def time_video(video: Path, work: Path, deface_bin: str) -> tuple[float, float]:
    out = work / "video_out"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [str(PRIVACAM_BIN), "anonymize", str(video), "-o", str(out), "--no-qa-sheet"],
        check=True, capture_output=True,
    )  # fmt: skip
    ours = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(
        [deface_bin, str(video), "-o", str(work / "deface.mp4"), "--backend", "onnxrt"],
        check=True, capture_output=True,
    )  # fmt: skip
    return ours, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deface-bin", required=True, help="deface executable (separate venv)")
    parser.add_argument("--media", help="media folder (default: PRIVACAM_MEDIA or ../shared)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, help="privacam workers (default: one per core)")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    media = media_root(args.media)
    frames = media / "TUD-Campus" / "img1"
    count = len(list(frames.glob("*.jpg")))
    with tempfile.TemporaryDirectory(prefix="bench_anonymize_") as tmp:
        work = Path(tmp)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        detector = StreetDetector(DetectorConfig(threads=1))
        for label, items in (("faces, dlib_faces_voc", dlib_faces(media)),
                             ("plates, openalpr_us", openalpr_plates(media))):  # fmt: skip
            print(f"{label} ({sum(len(b) for _, b in items)} boxes, covered = >= 80 % masked)")
            # solid: privacam's fill (ellipse) vs deface's solid (always a box);
            # blur: each tool's default look (both ellipses); a blurred pixel counts if it changed.
            for ours, theirs in (("fill", "solid"), ("blur", "blur")):
                score(
                    f"privacam {ours} (faces + plates)",
                    items,
                    privacam_masks(items, detector, ours),
                )
                score(
                    f"deface {theirs} (faces)",
                    items,
                    deface_masks(items, args.deface_bin, work, theirs),
                )
        if args.skip_speed:
            return
        print(f"speed: TUD-Campus, {count} frames 640x480, whole command incl. start-up")
        times: dict[str, list[float]] = {"privacam": [], "deface": []}
        for run in range(args.runs):
            times["deface"].append(time_deface(frames, work, args.deface_bin))
            times["privacam"].append(time_privacam(frames, work, args.workers))
            print(
                f"  run {run + 1}: privacam {count / times['privacam'][-1]:.1f} img/s, "
                f"deface {count / times['deface'][-1]:.1f} img/s "
                f"(load {os.getloadavg()[0]:.1f})"
            )
        rate = {k: count / statistics.median(v) for k, v in times.items()}
        print(
            f"  median: privacam {rate['privacam']:.1f} img/s (faces + plates), "
            f"deface {rate['deface']:.1f} img/s (faces); ratio {rate['privacam'] / rate['deface']:.2f}"
        )
        video = work / "tud.mp4"
        frames_in_video = make_video(frames, video)
        pairs = [time_video(video, work, args.deface_bin) for _ in range(args.runs)]
        ours = frames_in_video / statistics.median(p[0] for p in pairs)
        theirs = frames_in_video / statistics.median(p[1] for p in pairs)
        print(
            f"video: TUD-Campus as one {frames_in_video}-frame H.264 file: privacam {ours:.1f} "
            f"frames/s (faces + plates, carry-over), deface {theirs:.1f} frames/s; "
            f"ratio {ours / theirs:.2f}"
        )
        # Car photos are privacam's worst case: every vehicle-touching tile is searched.
        cars = [p for p, _ in openalpr_plates(media)]
        car_times = [time_privacam(cars, work, args.workers) for _ in range(args.runs)]
        print(
            f"privacam on {len(cars)} openalpr_us car photos 1280x720 (plate search on every "
            f"vehicle tile): {len(cars) / statistics.median(car_times):.1f} img/s, median"
        )


if __name__ == "__main__":
    main()
