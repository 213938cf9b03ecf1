"""Time windows aligned to the wall clock, holding only the span actually observed.

A 15-minute window in Asia/Tokyo starts at :00, :15, :30 and :45 local time
(counted from local midnight, so a window length that does not divide a day
gives a shorter last window before midnight). The boundaries are
:func:`privacam.records.window_bounds`, the one window clock that the retention
sweeper's folding uses too. :class:`WindowClock` tracks the open window of one
camera: it opens at the first frame (not at the boundary before it), closes at
the boundary when a later frame passes it, and closes early at a gap or at the
end of the stream. What a case accumulates per window is its own business; the
clock only says when a window is complete.

The case owns its clock and hands the runtime a :class:`RecordBatch`: the records
of the windows it completed together with the spans those windows observed. The
runtime writes the spans as coverage in the same transaction, and keeps no clock
of its own. The case, not the runtime, holds the clock because the clock's events
change what the case keeps: a gap ends case ②'s visits and restarts case ④'s line
counter and case ⑥'s motion judge, and case ⑥ windows on its own interval.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> tokyo = ZoneInfo("Asia/Tokyo")
>>> clock = WindowClock(timedelta(minutes=15), tokyo)
>>> clock.advance(datetime(2026, 4, 1, 10, 7, tzinfo=tokyo))  # first frame opens 10:07–10:15
[]
>>> [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in
...  clock.advance(datetime(2026, 4, 1, 10, 16, tzinfo=tokyo))]
[('10:07', '10:15')]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from privacam.records import Record, WindowFields, check_window_size, window_bounds, window_fields

Span = tuple[datetime, datetime]

#: Frames further apart than this are an outage between them, even when the runtime did
#: not report one (a source that gives no frame rate, a case driven without the runtime).
MAX_FRAME_GAP = timedelta(seconds=10)


@dataclass
class RecordBatch:
    """What a case hands the runtime for one frame, gap or end of stream.

    ``spans`` are the observed spans of the windows that closed, oldest first: the
    coverage the runtime writes with ``records``. ``records`` are those windows'
    records, plus any that belong to no window (case ②'s trajectory of a visit that
    ended). Either may be empty.
    """

    records: list[Record] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.records or self.spans)


class WindowClock:
    """The open window of one stream: ``advance`` per frame, ``gap`` at outages, ``close`` at the end.

    Each call returns the spans ``(start, end)`` it completed, oldest first; an
    empty span (a stream that stopped at the instant it started) is never returned.
    """

    def __init__(self, length: timedelta, zone: tzinfo, *, max_frame_gap: timedelta | None = None):
        check_window_size(length)
        self.length = length
        self.zone = zone
        #: Frames further apart than this are treated as an outage between them.
        self.max_frame_gap = max_frame_gap
        self.start: datetime | None = None  # start of the observed span of the open window
        self.end: datetime | None = None  # the wall-clock boundary that closes it
        self.last: datetime | None = None  # the latest frame seen
        #: Whether the last ``advance`` found an outage (frames too far apart) before its frame.
        self.gapped = False

    @property
    def is_open(self) -> bool:
        return self.start is not None

    def _open(self, at: datetime) -> None:
        self.start = at
        # In the clock's zone, like the frame times: a span reads the same at both ends.
        self.end = window_bounds(at, self.length, self.zone)[1].astimezone(self.zone)

    def advance(self, at: datetime) -> list[Span]:
        """A frame at ``at``: return the windows it completed (at most one, or two after a gap)."""
        done: list[Span] = []
        self.gapped = (
            self.max_frame_gap is not None
            and self.last is not None
            and at - self.last > self.max_frame_gap
        )
        if self.gapped:
            done += self.gap(self.last, at)  # type: ignore[arg-type]
        if self.start is None:
            self._open(at)
        elif at >= self.end:  # type: ignore[operator]
            closed_at = self.end
            done.append((self.start, closed_at))  # type: ignore[arg-type]
            # Continuous frames: the next window was observed from its boundary on, unless
            # the frame skipped whole windows (then it starts at this frame).
            boundary = window_bounds(at, self.length, self.zone)[0]
            self._open(closed_at if boundary == closed_at else at)  # type: ignore[arg-type]
        if self.last is None or at > self.last:
            self.last = at
        return [s for s in done if s[1] > s[0]]

    def gap(self, start: datetime, end: datetime) -> list[Span]:
        """Nothing was observed from ``start`` to ``end``: close the open window at ``start``."""
        done: list[Span] = []
        if self.start is not None:
            close_at = min(max(start, self.start), self.end)  # type: ignore[type-var]
            done.append((self.start, close_at))
        self.start = self.end = None
        self.last = None
        return [s for s in done if s[1] > s[0]]

    def close(self, at: datetime, *, keep: bool) -> list[Span]:
        """The stream stopped at ``at``: the open window is returned (``keep``) or dropped."""
        done: list[Span] = []
        if self.start is not None and keep:
            done.append((self.start, min(max(at, self.start), self.end)))  # type: ignore[type-var]
        self.start = self.end = None
        self.last = None
        return [s for s in done if s[1] > s[0]]


class WindowedAnalyzer(ABC):
    """What the windowed cases (④, ②, ⑥) share: one camera's clock, and each window it
    completes turned into that window's records, the tallies reset after each one."""

    def __init__(self, camera_id: str, clock: WindowClock) -> None:
        self.camera_id = camera_id
        self._clock = clock

    @property
    def open_since(self) -> datetime | None:
        return self._clock.start

    @abstractmethod
    def _records(self, window: WindowFields) -> list[Record]:
        """The records of the window just completed, from the tallies kept since it opened."""

    @abstractmethod
    def _reset_window(self) -> None:
        """Start the tallies of the next window from nothing."""

    def _flush(self, spans: list[Span]) -> RecordBatch:
        records: list[Record] = []
        for start, end in spans:
            records += self._records(window_fields(self.camera_id, start, end))
            self._reset_window()
        return RecordBatch(records, list(spans))
