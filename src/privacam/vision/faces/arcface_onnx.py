"""An ONNX face model fed ArcFace-aligned 112×112 RGB faces, one at a time.

MobileFaceNet and InsightFace's gender-age model (both comparison only) share this
input and a fixed batch of 1; each subclass says how to scale the pixels and what the
output means.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import cv2
import numpy as np

from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.session import create_session
from privacam.vision.faces.arcface_align import align_faces
from privacam.vision.models import ResolvedModel, as_resolved
from privacam.vision.types import Detections


class ArcFaceAlignedOnnx:
    """Loads the registry model ``name`` and runs it on each aligned face of a frame."""

    name: str

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        providers: Sequence[str] | None = None,
    ) -> None:
        self.model = as_resolved(self.name, model)
        self._session = create_session(self.model, providers=providers)
        self._input = self._session.get_inputs()[0].name

    def _scale(self, rgb: np.ndarray) -> np.ndarray:
        """The model's pixel scaling of one float32 RGB face (identity by default)."""
        return rgb

    def _outputs(self, image: np.ndarray, faces: Detections) -> Iterator[np.ndarray]:
        """The first output row of the model for each face, in the order of ``faces``."""
        check_image(image)
        for face in align_faces(image, faces):
            rgb = cv2.cvtColor(face, cv2.COLOR_BGR2RGB).astype(np.float32)
            blob = self._scale(rgb).transpose(2, 0, 1)[None]
            yield self._session.run(None, {self._input: blob})[0][0]
