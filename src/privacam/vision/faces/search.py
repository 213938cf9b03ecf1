"""Where the face detector looks: near the heads of the tracked people, or the whole frame.

The face stage reads only faces in a person's upper box (:mod:`privacam.vision.faces.stage`),
so YuNet need not see the rest of the frame. :class:`FacesNearHeads` runs it on each
tracked person's upper box, enlarged by a margin, and merges what it finds (NMS: two
people's windows overlap). Measured on TUD-Campus (``benchmarks/bench_faces.py``, see
``benchmarks/README.md``): 28–40 % of YuNet's time on the whole 640×480 frame, for
231–232 of the 235 faces the whole-frame search links to a track. When the windows would cover more than
:attr:`FacesNearHeads.max_area_share` of the frame (a crowd), one whole-frame pass is
cheaper than many small ones, and is what it does.

:class:`WholeFrame` is the plain search, for comparison and for cameras where people
are large in the frame.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from privacam.vision.detectors import Detector
from privacam.vision.detectors.geometry import suppress_overlaps
from privacam.vision.detectors.tiling import shift
from privacam.vision.faces.stage import upper_boxes
from privacam.vision.types import Detections


class FaceSearch(Protocol):
    """Faces of one frame, given the people tracked in it."""

    detector: Detector

    def detect(self, image: np.ndarray, persons: Detections) -> Detections: ...


class WholeFrame:
    """The face detector on the whole frame, whatever the tracks."""

    def __init__(self, detector: Detector) -> None:
        self.detector = detector

    def detect(self, image: np.ndarray, persons: Detections) -> Detections:
        return self.detector.detect(image)


class FacesNearHeads:
    """The face detector on the enlarged upper boxes of the tracked people.

    ``margin`` enlarges each upper box by that share of its width and height on every
    side, so that a face on the box's edge is seen whole; windows smaller than
    ``min_side`` pixels cannot hold a face YuNet finds (about 10 px).
    """

    def __init__(
        self,
        detector: Detector,
        *,
        upper_share: float = 1 / 3,
        margin: float = 0.25,
        min_side: int = 10,
        max_area_share: float = 0.5,
        nms_iou: float = 0.3,
    ) -> None:
        self.detector = detector
        self.upper_share = upper_share
        self.margin = margin
        self.min_side = min_side
        self.max_area_share = max_area_share
        self.nms_iou = nms_iou

    def windows(self, image_hw: tuple[int, int], persons: Detections) -> list[tuple[int, ...]]:
        """Integer windows ``(x0, y0, x1, y1)`` to search, clipped to the frame.

        >>> people = Detections(xyxy=[[100, 40, 140, 160]], scores=[1], class_ids=[0])
        >>> FacesNearHeads(None).windows((480, 640), people)
        [(90, 30, 150, 90)]
        """
        height, width = image_hw
        found = []
        for x0, y0, x1, y1 in upper_boxes(persons, self.upper_share):
            dx, dy = (x1 - x0) * self.margin, (y1 - y0) * self.margin
            window = (
                int(max(0, np.floor(x0 - dx))),
                int(max(0, np.floor(y0 - dy))),
                int(min(width, np.ceil(x1 + dx))),
                int(min(height, np.ceil(y1 + dy))),
            )
            if min(window[2] - window[0], window[3] - window[1]) >= self.min_side:
                found.append(window)
        return found

    def detect(self, image: np.ndarray, persons: Detections) -> Detections:
        windows = self.windows(image.shape[:2], persons)
        if not windows:
            return Detections.empty()
        area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in windows)
        if area > self.max_area_share * image.shape[0] * image.shape[1]:
            return self.detector.detect(image)
        parts = [
            shift(self.detector.detect(np.ascontiguousarray(image[y0:y1, x0:x1])), x0, y0)
            for x0, y0, x1, y1 in windows
        ]
        faces = Detections.merge(parts)
        if len(faces) == 0:
            return faces
        return suppress_overlaps(faces, self.nms_iou, per_class=False)
