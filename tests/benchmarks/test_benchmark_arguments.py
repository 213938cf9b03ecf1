"""The benchmarks take any MOTChallenge sequence or crowd folder, and fail loudly on no frames.

Each runs as a subprocess, as a user runs it, on a tiny synthetic sequence: a
48 px box walking right across a grey 64 x 48 frame, one step per frame.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
FRAMES = 8


def bench(name: str, *args: str, models: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if models is not None:
        env["PRIVACAM_MODELS"] = str(models)
    return subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )


def tiny_sequence(root: Path, *, seqinfo: bool = True, images: bool = True) -> Path:
    (root / "img1").mkdir(parents=True)
    (root / "gt").mkdir()
    rows = []
    for frame in range(1, FRAMES + 1):
        x = 4 + 6 * (frame - 1)
        if images:
            cv2.imwrite(str(root / "img1" / f"{frame:06d}.jpg"), np.full((48, 64, 3), 90, np.uint8))
        rows.append(f"{frame},1,{x},10,12,30,1,1,1")
    (root / "gt" / "gt.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if seqinfo:
        (root / "seqinfo.ini").write_text(
            "[Sequence]\nname=Tiny\nimDir=img1\nframeRate=10\n"
            f"seqLength={FRAMES}\nimWidth=64\nimHeight=48\nimExt=.jpg\n",
            encoding="utf-8",
        )
    return root


def test_tracking_benchmark_reads_rate_size_and_lines_of_any_sequence(tmp_path: Path) -> None:
    sequence = tiny_sequence(tmp_path / "Tiny-01")
    done = bench(
        "bench_tracking",
        "--detections", "gt", "--dropout", "0",
        "--sequence", str(sequence),
        "--line", "24,0,24,48", "--line", "36,0,36,48",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"Tiny, {FRAMES} frames at 10 fps, 64x48" in done.stdout
    assert "over 2 lines: ground truth 2" in done.stdout  # the walker crosses both lines


def test_tracking_benchmark_flags_override_seqinfo(tmp_path: Path) -> None:
    sequence = tiny_sequence(tmp_path / "Tiny-01")
    done = bench(
        "bench_tracking", "--detections", "gt", "--sequence", str(sequence),
        "--fps", "5", "--width", "80", "--height", "60",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "at 5 fps, 80x60" in done.stdout
    assert "over 5 lines" in done.stdout  # the default lines, placed on the given width


def test_sequence_without_seqinfo_or_fps_is_refused_in_one_line(tmp_path: Path) -> None:
    sequence = tiny_sequence(tmp_path / "Tiny-01", seqinfo=False)
    done = bench("bench_tracking", "--detections", "gt", "--sequence", str(sequence))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "--fps" in done.stderr
    with_rate = bench(
        "bench_tracking", "--detections", "gt", "--sequence", str(sequence), "--fps", "10"
    )
    assert with_rate.returncode == 0, with_rate.stderr
    assert "64x48" in with_rate.stdout  # the size from the first image's header


@pytest.mark.parametrize("name", ["bench_tracking", "bench_detection", "bench_counting"])
def test_sequence_benchmark_with_no_frames_exits_non_zero(tmp_path: Path, name: str) -> None:
    sequence = tiny_sequence(tmp_path / "Empty-01", images=False)  # gt.txt but no image
    done = bench(name, "--sequence", str(sequence))
    assert done.returncode == 2, done.stdout
    assert "holds no images" in done.stderr and "Traceback" not in done.stderr


def test_bad_line_is_a_usage_error(tmp_path: Path) -> None:
    done = bench("bench_counting", "--line", "1,2,3")
    assert done.returncode == 2 and "x1,y1,x2,y2" in done.stderr


def _crowd_folder(root: Path, names: list[str], listed: list[str]) -> tuple[Path, Path]:
    images = root / "images"
    images.mkdir(parents=True)
    for name in names:
        cv2.imwrite(str(images / name), np.full((96, 128, 3), 120, np.uint8))
    counts = root / "counts.csv"
    counts.write_text("image,count\n" + "".join(f"{n},3\n" for n in listed), encoding="utf-8")
    return images, counts


def test_crowd_benchmark_with_no_images_exits_non_zero(tmp_path: Path) -> None:
    images, counts = _crowd_folder(tmp_path, [], ["a.jpg"])
    done = bench("bench_crowd", "--images", str(images), "--counts", str(counts))
    assert done.returncode == 2 and "holds no images" in done.stderr


def test_crowd_benchmark_refuses_counts_of_images_it_does_not_have(tmp_path: Path) -> None:
    images, counts = _crowd_folder(tmp_path, ["a.jpg"], ["a.jpg", "b.jpg"])
    done = bench("bench_crowd", "--images", str(images), "--counts", str(counts))
    assert done.returncode == 2 and "b.jpg" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.assets
def test_crowd_benchmark_measures_any_folder_of_counted_images(
    tmp_path: Path, models_dir: Path
) -> None:
    images, counts = _crowd_folder(tmp_path, ["a.jpg", "b.jpg"], ["a.jpg", "b.jpg"])
    done = bench(
        "bench_crowd", "--images", str(images), "--counts", str(counts),
        "--only", "full frame 0.3", models=models_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 images, truth [3, 3]" in done.stdout
    assert "counts [0, 0]  MAE   3.0" in done.stdout  # blank images: nobody found
    assert "heads found" not in done.stdout  # no head points beside this folder


@pytest.mark.assets
@pytest.mark.slow
@pytest.mark.parametrize("name", ["bench_counting", "bench_detection"])
def test_model_benchmarks_run_on_any_sequence(tmp_path: Path, models_dir: Path, name: str) -> None:
    sequence = tiny_sequence(tmp_path / "Tiny-01")
    args = ["--seeds", "0", "--line", "30,0,30,48"] if name == "bench_counting" else []
    done = bench(name, "--sequence", str(sequence), *args, models=models_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Tiny{',' if name == 'bench_counting' else ':'} {FRAMES} frames")


def test_anchor_benchmark_with_no_frames_exits_non_zero(tmp_path: Path) -> None:
    empty = tmp_path / "frames"
    empty.mkdir()
    done = bench("bench_anchor", "--frames", str(empty), "--no-anchor")
    assert done.returncode == 2 and "no frames" in done.stderr


def test_int8_benchmark_with_no_frames_exits_non_zero(tmp_path: Path) -> None:
    done = bench("bench_int8", "--frames", str(tmp_path))
    assert done.returncode == 2 and "no frames" in done.stderr
