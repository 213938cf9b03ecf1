"""Apply the masks: faces in the deployment's shape, plates always as boxes.

A plate is a rectangle: an ellipse inscribed in its box would leave the
characters in its corners readable, so plates get ``shape="box"`` whatever
the deployment's shape for faces.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from privacam.vision.redaction import RedactionStyle, redact
from privacam.vision.types import PLATE_CLASS_ID, Detections


def apply_masks(
    image: np.ndarray, masks: Detections, style: RedactionStyle, *, inplace: bool = False
) -> np.ndarray:
    """``image`` with every face and plate in ``masks`` redacted."""
    plates = masks.class_ids == PLATE_CLASS_ID
    out = redact(image, masks.xyxy[~plates], style, inplace=inplace)
    if plates.any():
        redact(out, masks.xyxy[plates], replace(style, shape="box"), inplace=True)
    return out
