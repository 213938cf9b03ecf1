"""Which frames to detect: a steady rate, and every frame while a track is starting.

Detection is most of a frame's cost (YOLOX-Nano: 8–9 ms of about 11 here), and a
person walking at 1.4 m/s moves about 11 cm in 1/12.5 s: counting does not need a
detection every 1/25 s. So a stream case can detect at ``detect_fps`` and let the
tracker bridge the frames in between (it predicts a track by the frames elapsed).

What a lower rate loses is a track's first frames. A new track has no velocity yet and
is tentative until a second hit; a person first seen beside a line, or two people
crossing at once, is decided on those frames. So while any track is tentative, or was
confirmed on the last detected frame, every frame is detected
(``dense_while_starting``). On TUD-Campus this kept the counting error at 1 of 21 at
12.5 fps from 25 while detecting 38 of 71 frames; at a plain 12.5 fps it was 2
(``benchmarks/bench_counting.py``, where the figures and their limits are).

>>> schedule = DetectionSchedule(12.5)
>>> [i for i in range(6) if schedule.due(i / 25)]  # no tracker: the rate alone
[0, 2, 4]
"""

from __future__ import annotations

from collections.abc import Sequence

from privacam.vision.tracking.bytetrack import ByteTracker
from privacam.vision.tracking.events import TrackUpdate

#: Timestamps are rounded (containers keep milliseconds): this much over still counts as on time.
_TOLERANCE_S = 1e-3


class DetectionSchedule:
    """Decides per frame, in order, whether it is detected; ``detect_fps`` None = every frame.

    The rate is a promise about gaps: no two detected frames are further apart than
    ``1 / detect_fps`` (unless the source's own frames are). A frame is skipped only if
    the next one, expected after the same interval as this one, would still be in time.
    On a 25 fps source 12.5 detects every 2nd frame; on 30 fps also every 2nd (15 per
    second: every 3rd would leave gaps of 0.1 s).

    Call :meth:`due` once per source frame, and :meth:`observed` with the tracker's
    update of each frame that was detected.
    """

    def __init__(self, detect_fps: float | None, *, dense_while_starting: bool = True) -> None:
        self.detect_fps = detect_fps
        self.dense_while_starting = dense_while_starting
        self._period = None if detect_fps is None else 1.0 / detect_fps
        self._last_detected: float | None = None
        self._previous: float | None = None
        self._dense = False
        #: Frames asked about and frames detected, for the run's report.
        self.frames = 0
        self.detected = 0

    def due(self, timestamp: float) -> bool:
        """Whether the frame at ``timestamp`` (seconds) is detected."""
        self.frames += 1
        detect = self._wants(timestamp, self._last_detected, self._previous, self._dense)
        self._previous = timestamp
        if detect:
            self._last_detected = timestamp
            self.detected += 1
        return detect

    def _wants(self, t: float, last: float | None, previous: float | None, dense: bool) -> bool:
        if self._period is None or last is None or previous is None or dense:
            return True
        next_gap = (t - last) + (t - previous)  # if this frame is skipped
        return next_gap > self._period + _TOLERANCE_S

    def forecast(self, timestamps: Sequence[float]) -> list[bool]:
        """Which of the next frames (``timestamps``, in order, after the last one asked about)
        :meth:`due` will probably detect, without advancing: the rate's frames for sure, and
        all of them while the schedule is dense (assuming it stays so). For starting their
        detections early (:class:`~privacam.vision.detectors.pool.DetectorPool`)."""
        last, previous, wanted = self._last_detected, self._previous, []
        for t in timestamps:
            want = self._wants(t, last, previous, self._dense)
            wanted.append(want)
            previous = t
            last = t if want else last
        return wanted

    def observed(self, update: TrackUpdate | None, tracker: ByteTracker | None) -> None:
        """Record the tracker's state after a detected frame (nothing to do without one)."""
        if not self.dense_while_starting or update is None or tracker is None:
            self._dense = False
            return
        confirmed_now = any(event.kind == "new" for event in update.events)
        self._dense = confirmed_now or tracker.unconfirmed > 0
