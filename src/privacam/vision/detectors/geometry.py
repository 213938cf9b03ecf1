"""Box helpers shared by detectors: letterbox, grid cells, class-wise NMS.

``box_iou`` lives in :mod:`privacam.vision.boxes` (tracking needs it too) and is
imported here for the detectors and evaluation code that take it from this module.

>>> import numpy as np
>>> lb = Letterbox.fit((480, 640), (416, 416))
>>> lb.scale, lb.pad
(0.65, (0, 0))
>>> boxes = np.array([[10.0, 20.0, 110.0, 220.0]], dtype=np.float32)
>>> np.allclose(lb.to_source(lb.to_input(boxes)), boxes)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from privacam.vision.boxes import box_iou
from privacam.vision.types import Detections

__all__ = ["Letterbox", "box_iou", "grid_cells", "nms", "suppress_overlaps"]


@dataclass(frozen=True, slots=True)
class Letterbox:
    """Resize keeping the aspect ratio, then pad to the network's input size.

    ``pad`` is the (x, y) offset of the resized image inside the input; YOLOX
    places it top-left (``centre=False``), which keeps the mapping a pure scale.
    """

    scale: float
    pad: tuple[int, int]
    resized: tuple[int, int]  # (width, height) of the image inside the input
    input_size: tuple[int, int]  # (width, height) of the network input

    @classmethod
    def fit(
        cls, source_hw: tuple[int, int], input_wh: tuple[int, int], *, centre: bool = False
    ) -> Letterbox:
        height, width = source_hw
        in_w, in_h = input_wh
        scale = min(in_w / width, in_h / height)
        new_w, new_h = max(1, int(width * scale)), max(1, int(height * scale))
        pad = ((in_w - new_w) // 2, (in_h - new_h) // 2) if centre else (0, 0)
        return cls(scale, pad, (new_w, new_h), (in_w, in_h))

    def apply(self, image: np.ndarray, pad_value: int = 114) -> np.ndarray:
        """The letterboxed image, ``input_size`` large, uint8."""
        in_w, in_h = self.input_size
        canvas = np.full((in_h, in_w, image.shape[2]), pad_value, dtype=np.uint8)
        resized = cv2.resize(image, self.resized, interpolation=cv2.INTER_LINEAR)
        x, y = self.pad
        canvas[y : y + self.resized[1], x : x + self.resized[0]] = resized
        return canvas

    def to_source(self, points: np.ndarray) -> np.ndarray:
        """Map x, y pairs (boxes ``(N, 4)`` or points ``(..., 2)``) from input to source pixels."""
        offset = np.tile(np.asarray(self.pad, dtype=np.float32), points.shape[-1] // 2)
        return (points - offset) / self.scale

    def to_input(self, points: np.ndarray) -> np.ndarray:
        offset = np.tile(np.asarray(self.pad, dtype=np.float32), points.shape[-1] // 2)
        return points * self.scale + offset


def nms(
    xyxy: np.ndarray,
    scores: np.ndarray,
    iou_threshold: float,
    class_ids: np.ndarray | None = None,
) -> np.ndarray:
    """Indices kept by non-maximum suppression, best score first.

    With ``class_ids``, boxes only suppress boxes of their own class (a cyclist's
    person box survives its bicycle box).

    >>> boxes = np.array([[0, 0, 10, 10], [1, 1, 10, 10], [1, 1, 10, 10]], dtype=np.float32)
    >>> nms(boxes, np.array([0.9, 0.8, 0.7]), 0.5, np.array([0, 0, 1])).tolist()
    [0, 2]
    """
    if len(xyxy) == 0:
        return np.zeros(0, dtype=np.int64)
    xyxy = np.asarray(xyxy, dtype=np.float32)
    xywh = np.concatenate([xyxy[:, :2], xyxy[:, 2:] - xyxy[:, :2]], axis=1)
    score_list = np.asarray(scores, dtype=np.float32)
    if class_ids is None:
        kept = cv2.dnn.NMSBoxes(xywh.tolist(), score_list.tolist(), 0.0, float(iou_threshold))
    else:
        kept = cv2.dnn.NMSBoxesBatched(
            xywh.tolist(),
            score_list.tolist(),
            np.asarray(class_ids, dtype=np.int32).tolist(),
            0.0,
            float(iou_threshold),
        )
    kept = np.asarray(kept, dtype=np.int64).reshape(-1)
    return kept[np.argsort(-score_list[kept], kind="stable")]


def suppress_overlaps(found: Detections, iou_threshold: float, *, per_class: bool) -> Detections:
    """The detections that non-maximum suppression keeps, best score first.

    ``per_class`` lets boxes suppress only boxes of their own class (multi-class
    detectors); single-class detectors suppress across all boxes.
    """
    class_ids = found.class_ids if per_class else None
    return found[nms(found.xyxy, found.scores, iou_threshold, class_ids)]


def grid_cells(input_wh: tuple[int, int], strides: Sequence[int]) -> np.ndarray:
    """``(N, 3)`` float32 rows of (cell x, cell y, stride), row-major, finest stride first.

    The order in which grid detectors (YOLOX, NanoDet) emit their predictions.

    >>> grid_cells((32, 16), (8, 16))[[0, 1, 4, 8]].tolist()
    [[0.0, 0.0, 8.0], [1.0, 0.0, 8.0], [0.0, 1.0, 8.0], [0.0, 0.0, 16.0]]
    """
    rows = []
    for stride in strides:
        gw, gh = input_wh[0] // stride, input_wh[1] // stride
        ys, xs = np.meshgrid(np.arange(gh), np.arange(gw), indexing="ij")
        rows.append(np.stack([xs.ravel(), ys.ravel(), np.full(gw * gh, stride)], axis=1))
    return np.concatenate(rows).astype(np.float32)
