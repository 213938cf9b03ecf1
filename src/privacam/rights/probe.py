"""A photo the requester submits, turned into one face feature in memory.

The photo arrives as bytes and is decoded in memory (its size checked on the header
first); it is never written anywhere, and neither is the feature. The photo must show
exactly one face: with none there is nothing to match, and with several privacam
cannot tell which is the requester's, so it answers about no one.
"""

from __future__ import annotations

import io
from typing import Protocol

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from privacam.errors import InputError
from privacam.vision.faces.types import FaceEmbedder
from privacam.vision.sources.limits import check_frame_size
from privacam.vision.types import Detections


class FaceDetector(Protocol):
    def detect(self, image: np.ndarray) -> Detections: ...


class ProbeError(InputError):
    """The photo cannot be used: unreadable, no face, or more than one face (exit 2)."""


def decode_photo(data: bytes, what: str = "photo") -> np.ndarray:
    """The photo as a BGR image, decoded in memory; refused in one line when unreadable."""
    try:
        with Image.open(io.BytesIO(data)) as header:
            width, height = header.size
    except (UnidentifiedImageError, OSError):
        raise ProbeError(
            f"{what} は画像として読めません / {what} is not a readable image (JPEG or PNG)"
        ) from None
    check_frame_size(width, height, what)
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ProbeError(f"{what} は画像として読めません / {what} is not a readable image")
    return image


def probe_feature(
    image: np.ndarray, detector: FaceDetector, embedder: FaceEmbedder, what: str = "photo"
) -> np.ndarray:
    """The one face's unit-length feature; :class:`ProbeError` unless exactly one face."""
    faces = detector.detect(image)
    if len(faces) == 0:
        raise ProbeError(
            f"{what} に顔が見つかりません。正面を向いた顔がはっきり写った写真を提出して"
            f"ください / no face found in {what}: submit a photo where the face is clear "
            "and frontal"
        )
    if len(faces) > 1:
        raise ProbeError(
            f"{what} に {len(faces)} 人の顔が写っています。ご本人の顔だけが写った写真を提出"
            f"してください / {what} shows {len(faces)} faces: submit one that shows only "
            "the requester's face (privacam cannot tell which is theirs)"
        )
    return np.asarray(embedder.embed(image, faces)[0], dtype=np.float32)
