"""Arithmetic on ``xyxy`` boxes shared by detectors, tracking and evaluation.

It lives at the bottom of the vision layer, beside :mod:`privacam.vision.types`,
so that tracking can match boxes without importing the detectors (and their
inference engines).

>>> import numpy as np
>>> box_iou(np.array([[0, 0, 10, 10]]), np.array([[5, 0, 15, 10]])).round(3).tolist()
[[0.333]]
>>> clip_boxes(np.array([[-5.0, 2.0, 700.0, 90.0]]), (80, 640)).tolist()
[[0.0, 2.0, 640.0, 80.0]]
"""

from __future__ import annotations

import numpy as np


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(len(a), len(b))`` intersection over union of xyxy boxes, vectorised."""
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.prod(np.clip(bottom_right - top_left, 0, None), axis=2)
    area_a = np.prod(np.clip(a[:, 2:] - a[:, :2], 0, None), axis=1)
    area_b = np.prod(np.clip(b[:, 2:] - b[:, :2], 0, None), axis=1)
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)


def clip_boxes(xyxy: np.ndarray, image_hw: tuple[int, int]) -> np.ndarray:
    """``xyxy`` clipped to an image of ``(height, width)`` pixels, as float32."""
    height, width = image_hw
    return np.clip(xyxy, 0, [width, height, width, height]).astype(np.float32)
