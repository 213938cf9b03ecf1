"""The vision half of a camera's run: detect, then track if the case needs tracks.

Takes a :class:`~privacam.vision.types.Frame`, gives the case an
:class:`~privacam.cases.base.Observation`: boxes, tracks and times, never the
image. The frame is dropped when this returns, so no pixel goes further.
"""

from __future__ import annotations

from datetime import datetime

from privacam.cases.base import Observation
from privacam.vision.detectors import Detector
from privacam.vision.tracking import ByteTracker
from privacam.vision.types import Frame


class VisionPipeline:
    """``detector`` then (optionally) ``tracker``, one frame at a time."""

    def __init__(self, detector: Detector, tracker: ByteTracker | None) -> None:
        self.detector = detector
        self.tracker = tracker

    def observe(self, frame: Frame, camera_id: str, captured_at: datetime) -> Observation:
        detections = self.detector.detect(frame.image)
        tracks = None
        if self.tracker is not None:
            tracks = self.tracker.update(detections, frame.index, frame.timestamp)
        return Observation(
            camera_id=camera_id,
            frame_index=frame.index,
            timestamp=frame.timestamp,
            captured_at=captured_at,
            width=frame.width,
            height=frame.height,
            detections=detections,
            tracks=tracks,
        )
