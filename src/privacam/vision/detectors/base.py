"""The one protocol every detector follows, and the input check they share."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from privacam.errors import InputError
from privacam.vision.types import Detections


@runtime_checkable
class Detector(Protocol):
    """Anything that turns a BGR uint8 image (H x W x 3) into :class:`Detections`."""

    def detect(self, image: np.ndarray) -> Detections: ...


def check_image(image: np.ndarray) -> np.ndarray:
    """Return ``image`` if it is an H x W x 3 uint8 array, else raise :class:`InputError`."""
    if (
        not isinstance(image, np.ndarray)
        or image.dtype != np.uint8
        or image.ndim != 3
        or image.shape[2] != 3
        or image.shape[0] == 0
        or image.shape[1] == 0
    ):
        shape = getattr(image, "shape", None)
        dtype = getattr(image, "dtype", type(image).__name__)
        raise InputError(
            f"detectors take a BGR uint8 image of shape (H, W, 3), got {dtype} {shape}; "
            "decode frames with OpenCV (cv2.imread / VideoCapture)"
        )
    return image
