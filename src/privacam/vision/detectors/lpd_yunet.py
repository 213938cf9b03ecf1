"""LPD-YuNet licence plates through ONNX Runtime, decoded as in opencv_zoo's ``lpd_yunet.py``.

The network has a fixed 320x240 BGR input and predicts, for each prior box
(anchor) on four feature maps, 4 corner points, a class score and an IoU
score; the detection score is sqrt(class x IoU). Images are letterboxed into
the input, so a whole 1280x720 frame shrinks plates below what the model can
see: use :class:`TiledDetector` or :class:`PlatesInVehicles`. On 1280x720
photos of US cars (plates ~60x30 px) we measured 9 of 12 plates with 640x480
tiles, 10 of 12 with 480x360 tiles, 9 of 12 inside YOLOX vehicle boxes, and
1 of 12 on the whole frame.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from privacam.vision.boxes import clip_boxes
from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.geometry import Letterbox, suppress_overlaps
from privacam.vision.detectors.session import open_fixed_input_model
from privacam.vision.models import ResolvedModel
from privacam.vision.types import PLATE_CLASS_ID, Detections

MIN_SIZES = ((10, 16, 24), (32, 48), (64, 96), (128, 192, 256))
STEPS = (8, 16, 32, 64)
VARIANCE = 0.1


def lpd_priors(input_wh: tuple[int, int]) -> np.ndarray:
    """``(N, 4)`` priors (cx, cy, w, h), normalised to the input, in the network's order.

    >>> lpd_priors((320, 240)).shape
    (4385, 4)
    """
    width, height = input_wh
    fh, fw = (height + 1) // 2 // 2, (width + 1) // 2 // 2
    rows = []
    for min_sizes, step in zip(MIN_SIZES, STEPS, strict=True):
        fh, fw = fh // 2, fw // 2
        ys, xs = np.meshgrid(np.arange(fh), np.arange(fw), indexing="ij")
        centres = np.stack(
            [(xs.ravel() + 0.5) * step / width, (ys.ravel() + 0.5) * step / height], 1
        )
        sizes = np.array([[s / width, s / height] for s in min_sizes])
        # every cell yields one prior per min size, sizes varying fastest
        per_cell = np.concatenate(
            [np.repeat(centres, len(min_sizes), axis=0), np.tile(sizes, (len(centres), 1))], axis=1
        )
        rows.append(per_cell)
    return np.concatenate(rows).astype(np.float32)


class LpdYunetDetector:
    """Licence plates with LPD-YuNet; ``landmarks`` hold the 4 plate corners."""

    model_name = "lpd_yunet"

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        score_threshold: float = 0.6,
        nms_iou: float = 0.3,
        providers: Sequence[str] | None = None,
        intra_op_num_threads: int | None = None,
    ) -> None:
        self.model, self.session, self.input_name, self.input_wh = open_fixed_input_model(
            self.model_name, model, providers=providers, intra_op_num_threads=intra_op_num_threads
        )
        self.priors = lpd_priors(self.input_wh)
        self.score_threshold = score_threshold
        self.nms_iou = nms_iou

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        box = Letterbox.fit(image.shape[:2], self.input_wh)
        blob = box.apply(image, pad_value=0).transpose(2, 0, 1)[None].astype(np.float32)
        loc, conf, iou = self.session.run(["loc", "conf", "iou"], {self.input_name: blob})
        scores = np.sqrt(conf[:, 1] * np.clip(iou[:, 0], 0.0, 1.0))
        candidates = scores >= self.score_threshold
        if not candidates.any():
            return Detections.empty()
        priors, loc, scores = self.priors[candidates], loc[candidates], scores[candidates]
        # corners (x, y) at loc[4:6], [6:8], [10:12], [12:14], offsets scaled by prior size
        corner_loc = loc[:, [4, 5, 6, 7, 10, 11, 12, 13]].reshape(-1, 4, 2)
        corners = priors[:, None, :2] + corner_loc * VARIANCE * priors[:, None, 2:]
        corners = corners * np.asarray(self.input_wh, dtype=np.float32)
        corners = box.to_source(corners)
        xyxy = np.concatenate([corners.min(axis=1), corners.max(axis=1)], axis=1)
        found = Detections(
            xyxy=clip_boxes(xyxy, image.shape[:2]),
            scores=scores,
            class_ids=np.full(len(scores), PLATE_CLASS_ID),
            landmarks=corners,
        )
        return suppress_overlaps(found, self.nms_iou, per_class=False)
