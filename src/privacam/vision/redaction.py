"""Redaction of regions (faces, people, plates): blur, pixelate or solid fill, per box.

Each box is first grown by ``margin`` (a fraction of its width and height on
each side), then masked as a box or an ellipse:

- ``shape="ellipse"`` is *inscribed* in the grown box: it follows a head's
  outline but covers only pi/4 = 78.5 % of the box, leaving its corners.
- ``shape="ellipse_circumscribed"`` passes through the grown box's corners
  (semi-axes x sqrt(2)): it covers the whole box, at the cost of masking
  pi/2 = 157 % of the box's area, so it also hides some background around
  it. Use it whenever the whole box (plus margin) must be covered.
- ``shape="box"`` covers exactly the grown box.

Work is done per box on its region of interest only (never the whole frame),
on a copy of the image unless ``inplace=True``; boxes are clipped to the
image and boxes wholly outside are skipped. The blur kernel and pixel block
scale with the box, so a large face is blurred as much as a small one.

>>> import numpy as np
>>> image = np.zeros((100, 100, 3), np.uint8); image[::2, ::2] = 255  # fine detail
>>> out = redact(image, np.array([[20, 20, 80, 80]]), RedactionStyle(method="pixelate"))
>>> bool(image[30:70, 30:70].std() > 100), bool(out[30:70, 30:70].std() < 20)
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.types import Detections

RedactionMethod = Literal["blur", "pixelate", "fill"]
RedactionShape = Literal["ellipse", "ellipse_circumscribed", "box"]


@dataclass(frozen=True, slots=True)
class RedactionStyle:
    """How to redact: ``blur_ratio`` is the Gaussian sigma as a fraction of the box's larger
    side; ``blocks`` is how many pixel blocks span the box's larger side when pixelating."""

    method: RedactionMethod = "blur"
    shape: RedactionShape = "ellipse"
    margin: float = 0.1
    color: tuple[int, int, int] = (0, 0, 0)  # BGR, for method="fill"
    blur_ratio: float = 0.2
    blocks: int = 8

    def __post_init__(self) -> None:
        if self.method not in ("blur", "pixelate", "fill"):
            raise InputError(
                f"unknown redaction method {self.method!r}; use blur, pixelate or fill"
            )
        if self.shape not in ("ellipse", "ellipse_circumscribed", "box"):
            raise InputError(
                f"unknown redaction shape {self.shape!r}; use ellipse, ellipse_circumscribed or box"
            )
        if self.margin < 0 or self.blur_ratio <= 0 or self.blocks < 1:
            raise InputError("redaction margin must be >= 0, blur_ratio > 0 and blocks >= 1")


def mask_regions(
    boxes: np.ndarray, shape: RedactionShape, margin: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per box: the grown box ``(N, 4)``, the ellipse centre ``(N, 2)`` and semi-axes ``(N, 2)``.

    For ``box`` the semi-axes are those of the grown box (no ellipse is drawn).
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    size = boxes[:, 2:] - boxes[:, :2]
    grown = np.c_[boxes[:, :2] - margin * size, boxes[:, 2:] + margin * size]
    centre = (grown[:, :2] + grown[:, 2:]) / 2
    axes = (grown[:, 2:] - grown[:, :2]) / 2
    if shape == "ellipse_circumscribed":
        axes = axes * math.sqrt(2)
    return grown, centre, axes


def redact(
    image: np.ndarray,
    boxes: Detections | np.ndarray,
    style: RedactionStyle | None = None,
    *,
    inplace: bool = False,
) -> np.ndarray:
    """``image`` (H x W x 3 uint8) with every box redacted; a copy unless ``inplace``."""
    style = style or RedactionStyle()
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3:
        raise InputError("redact takes a BGR uint8 image of shape (H, W, 3)")
    xyxy = boxes.xyxy if isinstance(boxes, Detections) else np.asarray(boxes, dtype=np.float64)
    out = image if inplace else image.copy()
    xyxy = xyxy.reshape(-1, 4)
    xyxy = xyxy[np.isfinite(xyxy).all(axis=1)]
    if len(xyxy) == 0:
        return out
    height, width = out.shape[:2]
    grown, centre, axes = mask_regions(xyxy, style.shape, style.margin)
    for i in range(len(xyxy)):
        # The region of interest: what the mask can touch, clipped to the image.
        lo = centre[i] - axes[i]
        hi = centre[i] + axes[i]
        x1, y1 = max(math.floor(lo[0]), 0), max(math.floor(lo[1]), 0)
        x2, y2 = min(math.ceil(hi[0]), width), min(math.ceil(hi[1]), height)
        if x2 <= x1 or y2 <= y1:
            continue
        roi = out[y1:y2, x1:x2]
        box_size = float(max(grown[i, 2] - grown[i, 0], grown[i, 3] - grown[i, 1], 1.0))
        effect = _effect(roi, style, box_size)
        if style.shape == "box":
            roi[:] = effect
            continue
        mask = np.zeros(roi.shape[:2], dtype=np.uint8)
        # cv2.ellipse takes integer geometry; 4 fractional bits keep sub-pixel accuracy.
        shift = 4
        c = (round((centre[i, 0] - x1) * 16), round((centre[i, 1] - y1) * 16))
        a = (round(axes[i, 0] * 16), round(axes[i, 1] * 16))
        cv2.ellipse(mask, c, a, 0, 0, 360, 255, thickness=-1, lineType=cv2.LINE_8, shift=shift)
        np.copyto(roi, effect, where=mask[..., None].astype(bool))
    return out


def _effect(roi: np.ndarray, style: RedactionStyle, box_size: float) -> np.ndarray:
    if style.method == "fill":
        return np.broadcast_to(np.array(style.color, dtype=np.uint8), roi.shape)
    h, w = roi.shape[:2]
    if style.method == "pixelate":
        block = max(box_size / style.blocks, 1.0)
        small = cv2.resize(
            roi,
            (max(1, round(w / block)), max(1, round(h / block))),
            interpolation=cv2.INTER_AREA,
        )
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    sigma = style.blur_ratio * box_size
    # A large sigma on a large box is costly: blur a shrunken copy, where sigma is ~4 px.
    factor = max(1.0, sigma / 4.0)
    if factor > 1.0:
        small = cv2.resize(
            roi,
            (max(1, round(w / factor)), max(1, round(h / factor))),
            interpolation=cv2.INTER_AREA,
        )
        blurred = cv2.GaussianBlur(small, (0, 0), sigma / factor, borderType=cv2.BORDER_REFLECT)
        return cv2.resize(blurred, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(roi, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)
