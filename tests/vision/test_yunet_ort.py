"""YuNet on ONNX Runtime gives OpenCV's faces: same boxes, scores and landmarks.

Case ⑤ runs YuNet through ONNX Runtime because OpenCV 5's DNN takes twice as long;
the swap is only sound while both give the same faces, on every image size
(640x480 frames, dlib's photos of odd sizes, 1280x720 car photos padded to 736).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.vision.detectors import YunetFaceDetector, YunetOrtFaceDetector
from privacam.vision.detectors.onnx_dims import symbolic_dims
from privacam.vision.models import resolve_model

pytestmark = pytest.mark.assets


def test_symbolic_dims_frees_a_fixed_input_and_keeps_every_other_byte(
    models_dir: Path,
) -> None:
    onnx = pytest.importorskip("onnx")
    original = (models_dir / "face_detection_yunet_2023mar.onnx").read_bytes()
    before, after = onnx.load_from_string(original), onnx.load_from_string(symbolic_dims(original))
    dims = [(d.dim_value, d.dim_param) for d in after.graph.input[0].type.tensor_type.shape.dim]
    assert dims == [(0, "batch"), (3, ""), (0, "height"), (0, "width")]
    assert all(d.dim_param for o in after.graph.output for d in o.type.tensor_type.shape.dim)
    assert list(after.graph.value_info) == []
    # the network itself is untouched: nodes and weights compare equal
    assert list(after.graph.node) == list(before.graph.node)
    assert list(after.graph.initializer) == list(before.graph.initializer)
    assert after.opset_import == before.opset_import


def test_yunet_on_onnx_runtime_finds_opencvs_faces(models_dir: Path, media_dir: Path) -> None:
    model = resolve_model("yunet", models_dir / "face_detection_yunet_2023mar.onnx")
    reference = YunetFaceDetector(model, score_threshold=0.5)
    ours = YunetOrtFaceDetector(model, score_threshold=0.5, intra_op_num_threads=1)
    paths = sorted((media_dir / "TUD-Campus" / "img1").glob("*.jpg"))[:10]
    paths += sorted((media_dir / "dlib_faces_voc").rglob("*.jpg"))
    paths += sorted((media_dir / "openalpr_us").rglob("*.jpg"))[:3]
    faces = 0
    for path in paths:
        image = cv2.imread(str(path))
        expected, found = reference.detect(image), ours.detect(image)
        assert len(found) == len(expected), path
        faces += len(found)
        if len(found):
            assert np.abs(found.xyxy - expected.xyxy).max() < 0.01, path
            assert np.abs(found.scores - expected.scores).max() < 1e-4, path
            assert np.abs(found.landmarks - expected.landmarks).max() < 0.01, path
    assert faces >= 30  # the comparison saw faces, not only empty frames


def test_yunet_on_onnx_runtime_finds_nothing_in_a_blank_frame(models_dir: Path) -> None:
    model = resolve_model("yunet", models_dir / "face_detection_yunet_2023mar.onnx")
    found = YunetOrtFaceDetector(model).detect(np.zeros((100, 130, 3), np.uint8))
    assert len(found) == 0
