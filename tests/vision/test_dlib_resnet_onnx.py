"""dlib's face descriptor rebuilt as ONNX gives dlib's own descriptors, and a wrong file is refused.

The reference is dlib's network itself (``dlib.face_recognition_model_v1``) on the same
chips: the ONNX graph must agree to float precision, or every calibration made with
dlib (``policy.face_matching.CALIBRATIONS``) would no longer hold.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.detectors.yunet import YunetFaceDetector
from privacam.vision.faces import load_embedder
from privacam.vision.faces.dlib_serialized import Convolution, FullyConnected, Step, read_dlib_net

pytestmark = pytest.mark.assets


@pytest.fixture(scope="module")
def embedder():
    return load_embedder("dlib_resnet")


@pytest.fixture(scope="module")
def canvases(media_dir: Path, models_dir: Path) -> list[tuple[np.ndarray, object]]:
    """Eight dlib_johns crops and two VOC photos, each with the faces YuNet finds in it."""
    detector = YunetFaceDetector(models_dir / "face_detection_yunet_2023mar.onnx")
    paths = sorted((media_dir / "dlib_johns").glob("*/*.jpg"))[::7][:8]
    paths += sorted((media_dir / "dlib_faces_voc").glob("*.jpg"))[:2]
    found = []
    for path in paths:
        canvas = cv2.copyMakeBorder(cv2.imread(str(path)), 75, 75, 75, 75, cv2.BORDER_CONSTANT)
        faces = detector.detect(canvas)
        if len(faces):
            found.append((canvas, faces))
    assert len(found) >= 8
    return found


def dlib_reference(embedder, canvas: np.ndarray, faces) -> np.ndarray:
    """dlib's own network on the same image and landmarks (the unit rows of its output)."""
    import dlib

    from privacam.vision.faces.dlib_runtime import face_shapes, to_rgb

    net = dlib.face_recognition_model_v1(str(embedder.model.path))
    rgb = to_rgb(canvas)
    shapes = face_shapes(embedder._predictor, rgb, faces)
    rows = np.array([np.asarray(v) for v in net.compute_face_descriptor(rgb, shapes, 0, 0.25)])
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_onnx_descriptor_equals_dlibs_own_on_real_faces(embedder, canvases) -> None:
    worst = 0.0
    for canvas, faces in canvases:
        ours = embedder.embed(canvas, faces)
        theirs = dlib_reference(embedder, canvas, faces)
        assert ours.shape == theirs.shape == (len(faces), 128)
        worst = max(worst, float(np.abs(ours - theirs).max()))
    assert worst < 1e-5


def test_the_reader_finds_dlibs_architecture(embedder) -> None:
    net = read_dlib_net(embedder.model.path.read_bytes())
    assert net.chip_size == (150, 150)
    assert sum(isinstance(layer, Convolution) for layer in net.layers) == 29
    assert sum(layer == Step("add_prev") for layer in net.layers) == 14
    assert isinstance(net.layers[-1], FullyConnected)
    assert net.layers[-1].weights.shape == (256, 128)
    assert net.layers[0].weights.shape == (32, 3, 7, 7)


def test_a_file_that_is_not_dlibs_descriptor_is_refused(embedder, models_dir: Path) -> None:
    with pytest.raises(InputError, match=r"cannot read .* as dlib's ResNet face descriptor"):
        read_dlib_net((models_dir / "face_detection_yunet_2023mar.onnx").read_bytes(), "yunet")
    data = embedder.model.path.read_bytes()
    with pytest.raises(InputError, match="dlib's ResNet face descriptor"):
        read_dlib_net(data[: len(data) // 3], "truncated.dat")
