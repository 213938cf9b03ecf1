"""dlib's ResNet face descriptor (the default of case ③): YuNet box → 5 points → chip → 128-d.

dlib computes the descriptor on its own 150×150 face chip (padding 0.25) cut along the
5-point landmarks. Its raw descriptors are not unit length (about 1.4 to 1.5 on the
test crops), so dlib's customary Euclidean 0.6 is on another scale than the unit rows
returned here: compare thresholds as cosine similarities
(``policy.face_matching.CALIBRATIONS``).
"""

from __future__ import annotations

import os

import numpy as np

from privacam.errors import InputError
from privacam.vision.detectors.base import check_image
from privacam.vision.faces.dlib_runtime import face_shapes, import_dlib, load_shape_predictor
from privacam.vision.faces.dlib_runtime import to_rgb as bgr_to_rgb
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
        dlib = import_dlib()
        self.model = as_resolved(self.name, descriptor)
        self.predictor_model = as_resolved("dlib_shape_5", predictor)
        self._predictor = load_shape_predictor(self.predictor_model)
        try:
            self._net = dlib.face_recognition_model_v1(str(self.model.path))
        except RuntimeError as error:
            raise InputError(
                f"{self.model.path} を dlib の顔特徴モデルとして読めません / cannot load "
                f"{self.model.path} as dlib's face descriptor: {str(error).strip()[:200]}"
            ) from error

    def embed(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        check_image(image)
        if len(faces) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        rgb = bgr_to_rgb(image)
        shapes = face_shapes(self._predictor, rgb, faces)
        vectors = self._net.compute_face_descriptor(rgb, shapes, 0, CHIP_PADDING)
        return unit_rows(np.array([np.asarray(v) for v in vectors]))
