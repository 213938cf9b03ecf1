"""Test-time augmentation: run a detector on the mirrored image too, and merge.

A mirrored view gives the network a second look at borderline objects
(half-occluded people, odd poses); it costs one more inference per frame.
"""

from __future__ import annotations

import numpy as np

from privacam.vision.detectors.base import Detector, check_image
from privacam.vision.detectors.geometry import suppress_overlaps
from privacam.vision.types import Detections


def mirror(detections: Detections, width: int) -> Detections:
    """Detections of a horizontally flipped image mapped back to the original (landmarks too).

    Landmark order is kept as the detector gave it (a mirrored left eye stays
    first), which is what redaction and counting need.
    """
    xyxy = detections.xyxy.copy()
    xyxy[:, 0], xyxy[:, 2] = width - detections.xyxy[:, 2], width - detections.xyxy[:, 0]
    landmarks = None
    if detections.landmarks is not None:
        landmarks = detections.landmarks.copy()
        landmarks[:, :, 0] = width - landmarks[:, :, 0]
    return Detections(
        xyxy=xyxy, scores=detections.scores, class_ids=detections.class_ids, landmarks=landmarks
    )


class FlipAugmented:
    """Wrap ``detector``: detect on the image and its mirror, merge with class-wise NMS."""

    def __init__(self, detector: Detector, *, nms_iou: float = 0.5) -> None:
        self.detector = detector
        self.nms_iou = nms_iou

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        direct = self.detector.detect(image)
        mirrored = self.detector.detect(np.ascontiguousarray(image[:, ::-1]))
        merged = Detections.merge([direct, mirror(mirrored, image.shape[1])])
        if len(merged) == 0:
            return merged
        return suppress_overlaps(merged, self.nms_iou, per_class=True)
