"""NanoDet-Plus (opencv_zoo's 2022nov export) through ONNX Runtime: persons and vehicles (COCO).

The network takes 1x3x416x416 BGR normalised per channel and returns, for
each of three levels (strides 8, 16, 32), 80 class scores (sigmoid already
applied) and 4 x 8 logits of a discrete distribution over each box side's
distance from the cell (Generalised Focal Loss): the expected value of the
softmax, times the stride, is the distance. Decoding is vectorised.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.coco_grid import STRIDES, CocoGridDetector
from privacam.vision.detectors.geometry import Letterbox, grid_cells
from privacam.vision.types import Detections

REG_MAX = 7
MEAN = np.array([103.53, 116.28, 123.675], dtype=np.float32)
STD = np.array([57.375, 57.12, 58.395], dtype=np.float32)


def nanodet_centres(input_wh: tuple[int, int], strides: Sequence[int] = STRIDES) -> np.ndarray:
    """``(N, 3)`` rows of (x, y, stride): each cell's prior point, in the network's order.

    >>> nanodet_centres((416, 416))[[0, 1, 2704]].tolist()
    [[3.5, 3.5, 8.0], [11.5, 3.5, 8.0], [7.5, 7.5, 16.0]]
    """
    centres = grid_cells(input_wh, strides)
    # cell centres as in opencv_zoo's NanoDet demo: x * stride + (stride - 1) / 2
    centres[:, :2] = centres[:, :2] * centres[:, 2:3] + (centres[:, 2:3] - 1) / 2
    return centres


def decode_distances(logits: np.ndarray) -> np.ndarray:
    """``(N, 32)`` distribution logits → ``(N, 4)`` expected distances in strides."""
    logits = logits.reshape(-1, 4, REG_MAX + 1)
    weights = np.exp(logits - logits.max(axis=2, keepdims=True))
    weights /= weights.sum(axis=2, keepdims=True)
    return weights @ np.arange(REG_MAX + 1, dtype=np.float32)


class NanoDetDetector(CocoGridDetector):
    """Persons and vehicles with NanoDet-Plus-m 1.5x (COCO mAP 34 vs YOLOX-Nano's 26)."""

    model_name = "nanodet_plus"

    def _prepare(self) -> None:
        self.centres = nanodet_centres(self.input_wh)
        # outputs come as class maps and box maps per level; order them by size, largest first
        outputs = self.session.get_outputs()
        by_rows = lambda o: -int(o.shape[1])  # noqa: E731
        self._class_outputs = [o.name for o in sorted(outputs, key=by_rows) if o.shape[2] == 80]
        self._box_outputs = [
            o.name for o in sorted(outputs, key=by_rows) if o.shape[2] == 4 * (REG_MAX + 1)
        ]

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        box = Letterbox.fit(image.shape[:2], self.input_wh)
        canvas = box.apply(image, pad_value=0).astype(np.float32)
        blob = ((canvas - MEAN) / STD).transpose(2, 0, 1)[None]
        results = self.session.run(self._class_outputs + self._box_outputs, {self.input_name: blob})
        levels = len(self._class_outputs)
        scores, class_ids = self._best_kept_class(np.concatenate([r[0] for r in results[:levels]]))
        keep = scores >= self.score_threshold
        if not keep.any():
            return Detections.empty()
        logits = np.concatenate([r[0] for r in results[levels:]])[keep]
        centres = self.centres[keep]
        distances = decode_distances(logits) * centres[:, 2:3]
        xyxy = np.concatenate(
            [centres[:, :2] - distances[:, :2], centres[:, :2] + distances[:, 2:]], axis=1
        )
        return self._in_source(xyxy, scores[keep], class_ids[keep], box, image.shape[:2])
