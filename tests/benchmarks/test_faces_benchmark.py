"""bench_faces.py takes sequences as paths and fails loudly when there is nothing to measure."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.test_benchmark_arguments import bench


def test_face_benchmark_exits_2_on_a_sequence_without_frames(tmp_path: Path) -> None:
    empty = tmp_path / "Empty-01"
    (empty / "img1").mkdir(parents=True)
    done = bench("bench_faces", str(empty))
    assert done.returncode == 2, done.stderr
    assert "no frames" in done.stderr
    assert "Traceback" not in done.stderr
