"""YOLOX-Nano through ONNX Runtime: persons and vehicles (COCO classes).

The network takes 1x3x416x416 BGR 0–255 and returns 3549 raw predictions per
image (grids of 52², 26² and 13² cells at strides 8, 16, 32); decoding is
vectorised over precomputed grids. Preprocessing follows the official YOLOX
demo: resize keeping aspect, pad with 114 at the bottom and right.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import numpy as np

from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.geometry import Letterbox, nms
from privacam.vision.detectors.session import open_fixed_input_model
from privacam.vision.models import ResolvedModel
from privacam.vision.types import COCO_CLASSES, Detections

STRIDES = (8, 16, 32)


def yolox_grids(input_wh: tuple[int, int], strides: Sequence[int] = STRIDES) -> np.ndarray:
    """``(N, 3)`` rows of (grid x, grid y, stride) in the network's output order.

    >>> yolox_grids((416, 416)).shape
    (3549, 3)
    """
    rows = []
    for stride in strides:
        gw, gh = input_wh[0] // stride, input_wh[1] // stride
        ys, xs = np.meshgrid(np.arange(gh), np.arange(gw), indexing="ij")
        rows.append(np.stack([xs.ravel(), ys.ravel(), np.full(gw * gh, stride)], axis=1))
    return np.concatenate(rows).astype(np.float32)


def decode_yolox(raw: np.ndarray, grids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Raw ``(N, 5 + C)`` predictions → xyxy boxes in input pixels and ``(N, C)`` class scores."""
    stride = grids[:, 2:3]
    centre = (raw[:, :2] + grids[:, :2]) * stride
    size = np.exp(raw[:, 2:4]) * stride
    xyxy = np.concatenate([centre - size / 2, centre + size / 2], axis=1)
    return xyxy, raw[:, 4:5] * raw[:, 5:]


class YoloxDetector:
    """Persons and vehicles with YOLOX-Nano.

    >>> detector = YoloxDetector()  # doctest: +SKIP
    >>> detections = detector.detect(cv2.imread("street.jpg"))  # doctest: +SKIP
    """

    model_name = "yolox_nano"

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        score_threshold: float = 0.3,
        nms_iou: float = 0.45,
        classes: Iterable[int] = tuple(COCO_CLASSES),
        providers: Sequence[str] | None = None,
        intra_op_num_threads: int | None = None,
    ) -> None:
        self.model, self.session, self.input_name, self.input_wh = open_fixed_input_model(
            self.model_name, model, providers=providers, intra_op_num_threads=intra_op_num_threads
        )
        self.grids = yolox_grids(self.input_wh)
        self.score_threshold = score_threshold
        self.nms_iou = nms_iou
        self.classes = np.array(sorted(set(classes)), dtype=np.int64)

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        box = Letterbox.fit(image.shape[:2], self.input_wh)
        blob = box.apply(image, pad_value=114).transpose(2, 0, 1)[None].astype(np.float32)
        raw = self.session.run(None, {self.input_name: blob})[0][0]
        return self._postprocess(raw, box, image.shape[:2])

    def _postprocess(
        self, raw: np.ndarray, box: Letterbox, source_hw: tuple[int, int]
    ) -> Detections:
        # Only the kept classes compete: a person is never dropped for a better "chair".
        objectness_max = raw[:, 4] * raw[:, 5 + self.classes].max(axis=1)
        candidates = objectness_max >= self.score_threshold
        if not candidates.any():
            return Detections.empty()
        xyxy, class_scores = decode_yolox(raw[candidates], self.grids[candidates])
        kept_scores = class_scores[:, self.classes]
        best = kept_scores.argmax(axis=1)
        scores = kept_scores[np.arange(len(best)), best]
        class_ids = self.classes[best]
        xyxy = box.to_source(xyxy)
        height, width = source_hw
        xyxy = np.clip(xyxy, 0, [width, height, width, height]).astype(np.float32)
        keep = nms(xyxy, scores, self.nms_iou, class_ids)
        return Detections(xyxy=xyxy[keep], scores=scores[keep], class_ids=class_ids[keep])
