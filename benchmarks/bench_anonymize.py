"""privacam anonymize against deface, side by side on the same frames and machine (case ⑤).

Speed: ``privacam anonymize`` (faces and plates, process pool) against
``deface --backend onnxrt`` (faces only), each as a fresh command, start-up
included, on three inputs: the frames of ``--frames`` (default the 71 TUD-Campus
frames) as images, the same frames as one H.264 video, and the car photos of
``--cars`` (default the 12 openalpr_us photos, 1280x720). Runs alternate between
the tools run by run so machine load hits both alike; each figure is the median of
``--runs``, and the ratio is privacam's rate over deface's from the same run. The
load average is printed with the figures. A folder without images is an error.

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

On a shared machine run it under ``flock /tmp/bench.lock`` so timed runs never overlap.
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


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def images_in(folder: Path) -> list[Path]:
    """The images of ``folder`` (not walked), sorted; exits when there are none."""
    found = sorted(p for p in folder.glob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if not found:
        sys.exit(f"no images (.jpg, .jpeg, .png) in {folder}")
    return found


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def privacam_cmd(inputs: list[Path], out: Path, workers: int | None) -> list[str]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(PRIVACAM_BIN), "anonymize", *map(str, inputs), "-o", str(out), "--no-qa-sheet"]
    return cmd + (["--workers", str(workers)] if workers else [])


def deface_images_cmd(images: list[Path], work: Path, deface_bin: str) -> list[str]:
    copy = work / "deface_in"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for path in images:  # deface writes its outputs beside its inputs
        shutil.copy2(path, copy / path.name)
    return [deface_bin, *map(str, sorted(copy.iterdir())), "--backend", "onnxrt"]


def make_video(images: list[Path], target: Path, fps: int = 25) -> int:
    """The frames as one H.264 video (what a dashcam would hand over)."""
    import av

    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        first = cv2.imread(str(images[0]))
        stream.width, stream.height, stream.pix_fmt = first.shape[1], first.shape[0], "yuv420p"
        stream.options = {"crf": "18"}
        for i, path in enumerate(images):
            frame = av.VideoFrame.from_ndarray(cv2.imread(str(path)), format="bgr24")
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return len(images)


def race(label: str, count: int, unit: str, commands, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Run the tools' commands alternately ``runs`` times; print and return their rates."""
    times: dict[str, list[float]] = {"privacam": [], "deface": []}
    loads = []
    for run in range(runs):
        for tool in ("deface", "privacam") if run % 2 == 0 else ("privacam", "deface"):
            times[tool].append(timed(commands[tool]()))
        loads.append(os.getloadavg()[0])
        print(
            f"  run {run + 1}: privacam {count / times['privacam'][-1]:.1f}, deface "
            f"{count / times['deface'][-1]:.1f} {unit} (load {loads[-1]:.1f})"
        )
    rate = {tool: count / statistics.median(t) for tool, t in times.items()}
    print(
        f"{label}: privacam {rate['privacam']:.1f} {unit} (faces + plates), deface "
        f"{rate['deface']:.1f} {unit} (faces); ratio {rate['privacam'] / rate['deface']:.2f} "
        f"(medians of {runs}; load average {min(loads):.1f}-{max(loads):.1f})"
    )
    return rate


def speed(args: argparse.Namespace, frames: list[Path], cars: list[Path], work: Path) -> None:
    out = work / "privacam_out"
    print(f"speed: whole commands, start-up included ({frames[0].parent}: {len(frames)} frames)")
    race(
        "images", len(frames), "img/s",
        {"privacam": lambda: privacam_cmd(frames, out, args.workers),
         "deface": lambda: deface_images_cmd(frames, work, args.deface_bin)},
        args.runs,
    )  # fmt: skip
    video = work / "frames.mp4"
    count = make_video(frames, video)
    race(
        f"one {count}-frame H.264 video", count, "frames/s",
        {"privacam": lambda: privacam_cmd([video], out, args.workers),
         "deface": lambda: [args.deface_bin, str(video), "-o", str(work / "deface.mp4"),
                            "--backend", "onnxrt"]},
        args.runs,
    )  # fmt: skip
    race(
        f"car photos ({cars[0].parent}: {len(cars)})", len(cars), "img/s",
        {"privacam": lambda: privacam_cmd(cars, out, args.workers),
         "deface": lambda: deface_images_cmd(cars, work, args.deface_bin)},
        args.runs,
    )  # fmt: skip


def accuracy(media: Path, deface_bin: str, work: Path) -> None:
    detector = StreetDetector(DetectorConfig(threads=1))
    for label, items in (("faces, dlib_faces_voc", dlib_faces(media)),
                         ("plates, openalpr_us", openalpr_plates(media))):  # fmt: skip
        print(f"{label} ({sum(len(b) for _, b in items)} boxes, covered = >= 80 % masked)")
        # solid: privacam's fill (ellipse) vs deface's solid (always a box);
        # blur: each tool's default look (both ellipses); a blurred pixel counts if it changed.
        for ours, theirs in (("fill", "solid"), ("blur", "blur")):
            score(f"privacam {ours} (faces + plates)", items, privacam_masks(items, detector, ours))
            score(f"deface {theirs} (faces)", items, deface_masks(items, deface_bin, work, theirs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deface-bin", required=True, help="deface executable (separate venv)")
    parser.add_argument("--media", help="media folder (default: PRIVACAM_MEDIA or ../shared)")
    parser.add_argument("--frames", type=Path, help="frames folder (default: TUD-Campus/img1)")
    parser.add_argument("--cars", type=Path, help="car photos folder (default: openalpr_us)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, help="privacam workers (default: one per core)")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args()
    media = media_root(args.media) if not (args.frames and args.cars) else None
    frames = images_in(args.frames or media / "TUD-Campus" / "img1")  # type: ignore[operator]
    cars = images_in(args.cars or media / "openalpr_us")  # type: ignore[operator]
    with tempfile.TemporaryDirectory(prefix="bench_anonymize_") as tmp:
        work = Path(tmp)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        if not args.skip_accuracy:
            accuracy(media or media_root(args.media), args.deface_bin, work)
        if not args.skip_speed:
            speed(args, frames, cars, work)


if __name__ == "__main__":
    main()
