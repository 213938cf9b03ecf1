"""benchmarks/calibrate_faces.py: fails loudly on no faces, and the recorded figures still hold."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.evaluation.face_pairs import false_accepts, pair_scores, true_accept_rate
from privacam.evaluation.face_sets import read_face_folder
from privacam.policy.face_matching import CALIBRATIONS
from privacam.vision.detectors.yunet import YunetFaceDetector
from privacam.vision.faces import load_embedder
from tests.benchmarks.test_benchmark_arguments import bench

pytestmark = pytest.mark.assets


def test_calibration_exits_2_when_it_finds_no_faces(tmp_path: Path, models_dir: Path) -> None:
    (tmp_path / "someone").mkdir()
    cv2.imwrite(str(tmp_path / "someone" / "wall.jpg"), np.full((150, 150, 3), 128, np.uint8))
    result = bench("calibrate_faces", str(tmp_path), "--embedder", "dlib_resnet", models=models_dir)
    assert result.returncode == 2
    assert "no face found" in result.stderr and "Traceback" not in result.stderr


def test_calibration_rejects_a_missing_folder(tmp_path: Path, models_dir: Path) -> None:
    result = bench("calibrate_faces", str(tmp_path / "nope"), models=models_dir)
    assert result.returncode != 0 and "not a folder" in result.stderr


@pytest.mark.slow
def test_recorded_dlib_threshold_merges_no_john_with_anyone_else(
    media_dir: Path, models_dir: Path
) -> None:
    detector = YunetFaceDetector(models_dir / "face_detection_yunet_2023mar.onnx")
    faces = [
        face
        for name in ("dlib_johns", "dlib_faces_voc")
        for face in read_face_folder(media_dir / name, detector).faces
    ]
    embedder = load_embedder("dlib_resnet", models_dir)
    vectors = np.concatenate([embedder.embed(face.image, face.face) for face in faces])
    scores = pair_scores(vectors, [face.identity for face in faces])
    recorded = CALIBRATIONS["dlib_resnet"]
    assert len(faces) == 55 + 17
    assert false_accepts(scores, recorded.safe_threshold) == 0
    # every same-person pair is a John's, so the TAR is the one recorded
    assert true_accept_rate(scores, recorded.safe_threshold) == pytest.approx(
        recorded.true_accept_rate, abs=1e-3
    )
