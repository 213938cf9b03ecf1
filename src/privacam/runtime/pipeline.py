"""The vision half of a camera's run: detect, then track if the case needs tracks.

Takes a :class:`~privacam.vision.types.Frame`, gives the case an
:class:`~privacam.cases.base.Observation`: boxes, tracks and times, never the
image. Cases ① and ③ also get the face stage's readings (``faces``), taken while
the frame is still here. The frame is dropped when this returns, so no pixel goes
further.
"""

from __future__ import annotations

from datetime import datetime

from privacam.cases.base import Observation
from privacam.vision.detectors import Detector
from privacam.vision.faces.reader import FaceReader
from privacam.vision.tracking import ByteTracker
from privacam.vision.types import Frame


class VisionPipeline:
    """``detector`` then (optionally) ``tracker``, then (optionally) ``faces``, per frame."""

    def __init__(
        self, detector: Detector, tracker: ByteTracker | None, faces: FaceReader | None = None
    ) -> None:
        if faces is not None and tracker is None:
            raise ValueError("the face stage links faces to tracks: it needs the tracker")
        self.detector = detector
        self.tracker = tracker
        self.faces = faces

    def observe(self, frame: Frame, camera_id: str, captured_at: datetime) -> Observation:
        detections = self.detector.detect(frame.image)
        tracks = faces = None
        if self.tracker is not None:
            tracks = self.tracker.update(detections, frame.index, frame.timestamp)
            if self.faces is not None:
                faces = self.faces.read(frame.image, tracks)
        return Observation(
            camera_id=camera_id,
            frame_index=frame.index,
            timestamp=frame.timestamp,
            captured_at=captured_at,
            width=frame.width,
            height=frame.height,
            detections=detections,
            tracks=tracks,
            faces=faces,
        )
