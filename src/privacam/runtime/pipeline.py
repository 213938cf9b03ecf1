"""The vision half of a camera's run: detect, then track if the case needs tracks.

Takes a :class:`~privacam.vision.types.Frame`, gives the case an
:class:`~privacam.cases.base.Observation`: boxes, tracks and times, never the
image. Cases ① and ③ also get the face stage's readings (``faces``), taken while
the frame is still here. The frame is dropped when this returns, so no pixel goes
further.

With a :class:`~privacam.vision.tracking.DetectionSchedule` (the case's ``detect_fps``),
frames off the schedule are not detected and give no observation: the tracker bridges
them, as it bridges frames a source dropped. With a
:class:`~privacam.vision.detectors.pool.DetectorPool` as the detector (and no face
stage, which reads each frame after tracking it), :meth:`frames` starts the next wanted
frames' detections while the current one is tracked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from privacam.cases.base import Observation
from privacam.runtime.prefetch import Pending, prefetch_detections
from privacam.vision.detectors import Detector
from privacam.vision.detectors.pool import DetectorPool
from privacam.vision.faces.reader import FaceReader
from privacam.vision.tracking import ByteTracker, DetectionSchedule
from privacam.vision.types import Frame

#: Frames looked ahead per detector copy: at half rate, two per copy are needed to find one
#: wanted frame for each; twice that keeps the copies busy across a dense burst's end.
AHEAD_PER_WORKER = 4


class VisionPipeline:
    """``detector`` then (optionally) ``tracker``, then (optionally) ``faces``, per frame
    that ``schedule`` (default: every frame) says is due."""

    def __init__(
        self,
        detector: Detector,
        tracker: ByteTracker | None,
        faces: FaceReader | None = None,
        schedule: DetectionSchedule | None = None,
    ) -> None:
        if faces is not None and tracker is None:
            raise ValueError("the face stage links faces to tracks: it needs the tracker")
        self.detector = detector
        self.tracker = tracker
        self.faces = faces
        self.schedule = schedule or DetectionSchedule(None)

    def frames(self, source: Iterable[Frame]) -> Iterator[tuple[Frame, Pending]]:
        """The source's frames with their detections started ahead, where the detector is a
        pool of several copies; ``(frame, None)`` otherwise."""
        pool = self.detector
        if isinstance(pool, DetectorPool) and pool.workers > 1 and self.faces is None:
            yield from prefetch_detections(
                source, pool, self.schedule, depth=AHEAD_PER_WORKER * pool.workers
            )
        else:
            for frame in source:
                yield frame, None

    def observe(
        self, frame: Frame, camera_id: str, captured_at: datetime, pending: Pending = None
    ) -> Observation | None:
        """The frame's observation, or ``None`` when the schedule skips it; ``pending`` is
        its detection if :meth:`frames` started one."""
        if not self.schedule.due(frame.timestamp):
            if pending is not None:
                pending.cancel()  # a guess that was not needed
            return None
        detections = pending.result() if pending is not None else self.detector.detect(frame.image)
        tracks = faces = None
        if self.tracker is not None:
            tracks = self.tracker.update(detections, frame.index, frame.timestamp)
            if self.faces is not None:
                faces = self.faces.read(frame.image, tracks)
        self.schedule.observed(tracks, self.tracker)
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

    def close(self) -> None:
        """Stop the detector pool's threads, if the detector is one."""
        if isinstance(self.detector, DetectorPool):
            self.detector.close()
