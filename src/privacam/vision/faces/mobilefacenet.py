"""MobileFaceNet (ONNX, 128-d) on ArcFace-aligned 112×112 faces: tests and comparison only.

Its weights were trained on research-only data (licence unclear), so it is never a
default; it is here to compare against dlib's descriptor behind the same interface.
"""

from __future__ import annotations

import numpy as np

from privacam.vision.faces.arcface_onnx import ArcFaceAlignedOnnx
from privacam.vision.faces.vectors import unit_rows
from privacam.vision.types import Detections


class MobileFaceNetEmbedder(ArcFaceAlignedOnnx):
    """128-d unit-length embeddings; the ONNX file has a fixed batch of 1, so faces run in turn."""

    name = "mobilefacenet"
    dimension = 128

    def _scale(self, rgb: np.ndarray) -> np.ndarray:
        return (rgb - 127.5) / 128.0

    def embed(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        rows = list(self._outputs(image, faces))
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return unit_rows(np.stack(rows))
