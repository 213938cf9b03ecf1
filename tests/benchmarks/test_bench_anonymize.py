"""bench_anonymize.py as a user runs it: folders as arguments, both tools and the ratio printed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.benchmarks.test_benchmark_arguments import bench


def test_anonymize_benchmark_exits_nonzero_on_a_folder_without_images(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = bench(
        "bench_anonymize", "--deface-bin", "deface",
        "--frames", str(tmp_path / "empty"), "--cars", str(tmp_path / "empty"),
    )  # fmt: skip
    assert done.returncode != 0
    assert "no images" in done.stderr


@pytest.mark.assets
@pytest.mark.slow
def test_anonymize_benchmark_prints_both_tools_and_the_ratio_for_each_input(
    tmp_path: Path, models_dir: Path
) -> None:
    frames = tmp_path / "frames"
    frames.mkdir()
    for i in range(3):
        cv2.imwrite(str(frames / f"{i:06d}.jpg"), np.full((48, 64, 3), 90 + i, np.uint8))
    fake = tmp_path / "deface"  # stands in for deface: it only has to run and exit 0
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    done = bench(
        "bench_anonymize", "--deface-bin", str(fake), "--frames", str(frames),
        "--cars", str(frames), "--runs", "1", "--skip-accuracy", models=models_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for label in ("images:", "one 3-frame H.264 video:", "car photos ("):
        line = next(row for row in done.stdout.splitlines() if row.startswith(label))
        assert "privacam" in line and "deface" in line and "ratio" in line and "load" in line
