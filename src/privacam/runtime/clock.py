"""When each frame was captured, and when the camera went quiet.

Cases window their records on wall-clock time (``Observation.captured_at``). A
live source stamps each frame when it grabs it; a file only knows seconds from
its start, so a file's frames are placed at the run's start time (or the
``--start-time`` given) plus their timestamp.

A camera outage must read as missing time, never as zero counts: when two
consecutive frames are further apart than a few frame intervals, the span
between them is a gap (``CaseAnalyzer.gap`` and an ``Outage`` record).

>>> from datetime import UTC, datetime, timedelta
>>> clock = FrameClock(start=datetime(2026, 4, 1, 9, tzinfo=UTC), live=False)
>>> clock.captured_at(timestamp=2.5, frame_captured_at=None).isoformat()
'2026-04-01T09:00:02.500000+00:00'
>>> gaps = GapDetector(frame_interval=0.04)
>>> t0 = datetime(2026, 4, 1, 9, tzinfo=UTC)
>>> gaps.check(t0), gaps.check(t0 + timedelta(seconds=0.04))
(None, None)
>>> gap = gaps.check(t0 + timedelta(seconds=3.04))  # 3 s without a frame
>>> [round((t - t0).total_seconds(), 2) for t in gap]
[0.04, 3.04]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


@dataclass
class FrameClock:
    """Gives every frame a timezone-aware capture time."""

    start: datetime
    live: bool

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("FrameClock.start must be timezone-aware")

    def captured_at(self, *, timestamp: float, frame_captured_at: datetime | None) -> datetime:
        if frame_captured_at is not None:
            if frame_captured_at.tzinfo is None:  # sources stamp UTC; be safe with naive ones
                return frame_captured_at.replace(tzinfo=UTC)
            return frame_captured_at
        return self.start + timedelta(seconds=timestamp)


@dataclass
class GapDetector:
    """Reports a gap when consecutive capture times differ by more than the threshold.

    The threshold is ``factor`` frame intervals, but never less than ``min_gap_s``
    (live streams jitter; a network hiccup of a few frames is not an outage).
    """

    frame_interval: float | None
    factor: float = 5.0
    min_gap_s: float = 0.0
    _last: datetime | None = field(default=None, init=False)

    @property
    def threshold_s(self) -> float:
        interval = self.frame_interval if self.frame_interval else 0.2
        return max(self.factor * interval, self.min_gap_s)

    @property
    def last(self) -> datetime | None:
        return self._last

    def check(self, at: datetime) -> tuple[datetime, datetime] | None:
        """Record a frame at ``at``; return ``(last_frame, at)`` if the camera was quiet between."""
        previous, self._last = self._last, at
        if previous is None:
            return None
        if (at - previous).total_seconds() > self.threshold_s:
            return previous, at
        return None
