"""dlib's ResNet face descriptor (the default of case ③): YuNet box → 5 points → chip → 128-d.

dlib computes the descriptor on its own 150×150 face chip (padding 0.25) cut along the
5-point landmarks. Its raw descriptors are not unit length (about 1.4 to 1.5 on the
test crops), so dlib's customary Euclidean 0.6 is on another scale than the unit rows
returned here: compare thresholds as cosine similarities
(``policy.face_matching.CALIBRATIONS``).

dlib cuts the chips (``get_face_chips``, as its own ``compute_face_descriptor`` does);
the network itself runs in ONNX Runtime, built in memory from the same ``.dat``
(:mod:`privacam.vision.faces.dlib_resnet_onnx`): the same descriptors to ~1e-6, about
six times faster than the BLAS-less ``dlib-bin`` build, and without holding the GIL.
"""

from __future__ import annotations

import os

import numpy as np

from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.session import create_session
from privacam.vision.faces.dlib_resnet_onnx import INPUT, onnx_from_dlib_net
from privacam.vision.faces.dlib_runtime import face_shapes, import_dlib, load_shape_predictor
from privacam.vision.faces.dlib_runtime import to_rgb as bgr_to_rgb
from privacam.vision.faces.dlib_serialized import read_dlib_net
from privacam.vision.faces.vectors import unit_rows
from privacam.vision.models import ResolvedModel, as_resolved
from privacam.vision.types import Detections

ModelArg = ResolvedModel | str | os.PathLike[str] | None

#: dlib's face chip for its descriptor: the size it was trained on and its default padding.
CHIP_SIZE = 150
CHIP_PADDING = 0.25


class DlibFaceEmbedder:
    """128-d unit-length descriptors; the faces of one frame are computed in one batch."""

    name = "dlib_resnet"
    dimension = 128

    def __init__(self, descriptor: ModelArg = None, predictor: ModelArg = None) -> None:
        self._dlib = import_dlib()
        self.model = as_resolved(self.name, descriptor)
        self.predictor_model = as_resolved("dlib_shape_5", predictor)
        self._predictor = load_shape_predictor(self.predictor_model)
        source = str(self.model.path)
        graph = onnx_from_dlib_net(read_dlib_net(self.model.path.read_bytes(), source))
        self._session = create_session(self.model, model_bytes=graph.SerializeToString())

    def chips(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        """``(N, 3, 150, 150)`` float32 RGB chips, cut as dlib cuts them for its descriptor."""
        rgb = bgr_to_rgb(image)
        shapes = face_shapes(self._predictor, rgb, faces)
        chips = self._dlib.get_face_chips(rgb, shapes, size=CHIP_SIZE, padding=CHIP_PADDING)
        return (
            np.stack([np.asarray(chip) for chip in chips]).astype(np.float32).transpose(0, 3, 1, 2)
        )

    def embed(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        check_image(image)
        if len(faces) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        descriptors = self._session.run(None, {INPUT: self.chips(image, faces)})[0]
        return unit_rows(descriptors)
