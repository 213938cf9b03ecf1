"""YOLOX-Nano through ONNX Runtime: persons and vehicles (COCO classes).

The network takes 1x3x416x416 BGR 0–255 and returns 3549 raw predictions per
image (grids of 52², 26² and 13² cells at strides 8, 16, 32); decoding is
vectorised over precomputed grids. Preprocessing follows the official YOLOX
demo: resize keeping aspect, pad with 114 at the bottom and right.

``trim_padding=True`` pads only up to the next multiple of 32 instead of to
416x416 (the network is fully convolutional; its input dims are made symbolic):
the image keeps the same scale, and a 640x480 frame costs a 416x320 run (10 ms
instead of 13 on one thread), a 1280x720 one a 416x256 run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.coco_grid import STRIDES, CocoGridDetector
from privacam.vision.detectors.geometry import Letterbox, grid_cells
from privacam.vision.types import Detections


def yolox_grids(input_wh: tuple[int, int], strides: Sequence[int] = STRIDES) -> np.ndarray:
    """``(N, 3)`` rows of (grid x, grid y, stride) in the network's output order.

    >>> yolox_grids((416, 416)).shape
    (3549, 3)
    """
    return grid_cells(input_wh, strides)


def decode_yolox(raw: np.ndarray, grids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Raw ``(N, 5 + C)`` predictions → xyxy boxes in input pixels and ``(N, C)`` class scores."""
    stride = grids[:, 2:3]
    centre = (raw[:, :2] + grids[:, :2]) * stride
    size = np.exp(raw[:, 2:4]) * stride
    xyxy = np.concatenate([centre - size / 2, centre + size / 2], axis=1)
    return xyxy, raw[:, 4:5] * raw[:, 5:]


class YoloxDetector(CocoGridDetector):
    """Persons and vehicles with YOLOX-Nano.

    >>> detector = YoloxDetector()  # doctest: +SKIP
    >>> detections = detector.detect(cv2.imread("street.jpg"))  # doctest: +SKIP
    """

    model_name = "yolox_nano"

    def __init__(self, *args: Any, trim_padding: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, free_input=trim_padding, **kwargs)

    def _prepare(self) -> None:
        self._grids = {self.input_wh: yolox_grids(self.input_wh)}

    @property
    def grids(self) -> np.ndarray:
        return self._grids[self.input_wh]

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        box = Letterbox.fit(image.shape[:2], self.input_wh)
        if self.free_input:  # same scale, padded only to a multiple of the largest stride
            w, h = box.resized
            trimmed = (-(-w // STRIDES[-1]) * STRIDES[-1], -(-h // STRIDES[-1]) * STRIDES[-1])
            box = Letterbox(box.scale, box.pad, box.resized, trimmed)
        blob = box.apply(image, pad_value=114).transpose(2, 0, 1)[None].astype(np.float32)
        raw = self.session.run(None, {self.input_name: blob})[0][0]
        return self._postprocess(raw, box, image.shape[:2])

    def _postprocess(
        self, raw: np.ndarray, box: Letterbox, source_hw: tuple[int, int]
    ) -> Detections:
        objectness_max = raw[:, 4] * raw[:, 5 + self.classes].max(axis=1)
        candidates = objectness_max >= self.score_threshold
        if not candidates.any():
            return Detections.empty()
        if box.input_size not in self._grids:
            self._grids[box.input_size] = yolox_grids(box.input_size)
        grids = self._grids[box.input_size]
        xyxy, class_scores = decode_yolox(raw[candidates], grids[candidates])
        scores, class_ids = self._best_kept_class(class_scores)
        return self._in_source(xyxy, scores, class_ids, box, source_hw)
