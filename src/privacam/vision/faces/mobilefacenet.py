"""MobileFaceNet (ONNX, 128-d) on ArcFace-aligned 112×112 faces: tests and comparison only.

Its weights were trained on research-only data (licence unclear), so it is never a
default; it is here to compare against dlib's descriptor behind the same interface.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import cv2
import numpy as np

from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.session import create_session
from privacam.vision.faces.arcface_align import align_faces
from privacam.vision.faces.vectors import unit_rows
from privacam.vision.models import ResolvedModel, as_resolved
from privacam.vision.types import Detections


class MobileFaceNetEmbedder:
    """128-d unit-length embeddings; the ONNX file has a fixed batch of 1, so faces run in turn."""

    name = "mobilefacenet"
    dimension = 128

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        providers: Sequence[str] | None = None,
    ) -> None:
        self.model = as_resolved(self.name, model)
        self._session = create_session(self.model, providers=providers)
        self._input = self._session.get_inputs()[0].name

    def embed(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        check_image(image)
        if len(faces) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        rows = []
        for face in align_faces(image, faces):
            rgb = cv2.cvtColor(face, cv2.COLOR_BGR2RGB).astype(np.float32)
            blob = ((rgb - 127.5) / 128.0).transpose(2, 0, 1)[None]
            rows.append(self._session.run(None, {self._input: blob})[0][0])
        return unit_rows(np.stack(rows))
