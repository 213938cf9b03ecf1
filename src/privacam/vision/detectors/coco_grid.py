"""What YOLOX and NanoDet share: COCO persons and vehicles from a fixed-input ONNX grid model.

Both take a letterboxed 416x416 image, predict per grid cell at strides 8, 16
and 32, and leave to us the choice among the kept classes, the mapping back to
source pixels and class-wise NMS. Each subclass decodes its own outputs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import ClassVar

import numpy as np

from privacam.vision.boxes import clip_boxes
from privacam.vision.detectors.geometry import Letterbox, suppress_overlaps
from privacam.vision.detectors.session import open_fixed_input_model
from privacam.vision.models import ResolvedModel
from privacam.vision.types import COCO_CLASSES, Detections

STRIDES = (8, 16, 32)


class CocoGridDetector:
    """Base of the COCO grid detectors: the model, its thresholds and the shared post-processing."""

    model_name: ClassVar[str]

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        score_threshold: float = 0.3,
        nms_iou: float = 0.45,
        classes: Iterable[int] = tuple(COCO_CLASSES),
        providers: Sequence[str] | None = None,
        intra_op_num_threads: int | None = None,
        free_input: bool = False,
    ) -> None:
        self.model, self.session, self.input_name, self.input_wh = open_fixed_input_model(
            self.model_name,
            model,
            providers=providers,
            intra_op_num_threads=intra_op_num_threads,
            free_input=free_input,
        )
        self.free_input = free_input
        self.score_threshold = score_threshold
        self.nms_iou = nms_iou
        self.classes = np.array(sorted(set(classes)), dtype=np.int64)
        self._prepare()

    def _prepare(self) -> None:
        """Precompute, once the session is open, what decoding needs (grids, output names)."""

    def detect(self, image: np.ndarray) -> Detections:
        raise NotImplementedError

    def _best_kept_class(self, class_scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(N, C)`` COCO scores → each row's best score and class among the kept classes.

        Only the kept classes compete: a person is never dropped for a better "chair".
        """
        kept_scores = class_scores[:, self.classes]
        best = kept_scores.argmax(axis=1)
        return kept_scores[np.arange(len(best)), best], self.classes[best]

    def _in_source(
        self,
        xyxy: np.ndarray,
        scores: np.ndarray,
        class_ids: np.ndarray,
        box: Letterbox,
        source_hw: tuple[int, int],
    ) -> Detections:
        """Boxes in network input pixels → the NMS survivors in source pixels."""
        xyxy = clip_boxes(box.to_source(xyxy), source_hw)
        found = Detections(xyxy=xyxy, scores=scores, class_ids=class_ids)
        return suppress_overlaps(found, self.nms_iou, per_class=True)
