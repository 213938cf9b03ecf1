"""Case ④ outdoor counting: directed line crossings and zone occupancy per class and window.

Only statistics leave this module: per window, one :class:`LineCount` per line,
direction and class (zeros included, so an observed quiet window reads 0 while
an outage reads as missing), and one :class:`ZoneOccupancy` per zone and class
(mean and max over the window's frames of the tracked objects standing in the
zone). Per-track memory lives in the :class:`LineCounter` only until the track
ends; nothing per object outlives its window.

>>> from datetime import datetime, timedelta, timezone
>>> from privacam.vision.geometry import CountingLine
>>> from privacam.vision.tracking import ByteTracker
>>> from privacam.vision.types import Detections
>>> jst = timezone(timedelta(hours=9))
>>> counter = CountingAnalyzer("cam", [CountingLine((100, 0), (100, 200), name="gate")], [],
...                            window=timedelta(minutes=15), zone=jst)
>>> tracker, t0 = ByteTracker(), datetime(2026, 4, 1, 10, 0, tzinfo=jst)
>>> for f, x in enumerate(range(60, 140, 10)):  # one person walking right across x = 100
...     d = Detections(xyxy=[[x - 10, 100, x + 10, 180]], scores=[0.9], class_ids=[0])
...     t = t0 + timedelta(seconds=f / 10)
...     _ = counter.observe(Observation("cam", f, f / 10, t, 200, 200, d,
...                                     tracker.update(d, f, f / 10)))
>>> rows = counter.close(t, keep=True).records
>>> [(r.line, r.direction, r.count) for r in rows if r.class_name == "person"]
[('gate', 'in', 0), ('gate', 'out', 1)]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo

import numpy as np

from privacam.cases.base import Observation
from privacam.cases.windows import MAX_FRAME_GAP, RecordBatch, WindowClock, WindowedAnalyzer
from privacam.errors import InputError
from privacam.records import LineCount, Record, WindowFields, ZoneOccupancy
from privacam.vision.geometry import CountingLine, PolygonZone
from privacam.vision.tracking import LineCounter
from privacam.vision.types import COCO_CLASSES, Detections

log = logging.getLogger(__name__)

CLASS_IDS = {name: cid for cid, name in COCO_CLASSES.items()}


def check_lines_in_frame(lines: Iterable[CountingLine], width: int, height: int) -> None:
    """InputError if a line's end lies outside a ``width`` x ``height`` frame."""
    for line in lines:
        for point in (line.start, line.end):
            x, y = point
            if not (-0.5 <= x <= width + 0.5 and -0.5 <= y <= height + 0.5):
                raise InputError(
                    f"counting line {line.name!r} has point ({x:g}, {y:g}) outside the "
                    f"{width}x{height} frame; draw lines within 0..{width} x 0..{height} pixels"
                )


def check_zones_in_frame(zones: Iterable[PolygonZone], width: int, height: int) -> None:
    """InputError if a zone lies wholly outside a ``width`` x ``height`` frame."""
    for zone in zones:
        x1, y1 = zone.polygon.min(axis=0)
        x2, y2 = zone.polygon.max(axis=0)
        if x2 < 0 or y2 < 0 or x1 > width or y1 > height:
            raise InputError(
                f"zone {zone.name!r} lies wholly outside the {width}x{height} frame; "
                "give its corners in image pixels of this camera"
            )


class CountingAnalyzer(WindowedAnalyzer):
    """Crossings per line/direction/class and occupancy per zone/class, per time window."""

    needs_tracks = True

    def __init__(
        self,
        camera_id: str,
        lines: Sequence[CountingLine],
        zones: Sequence[PolygonZone],
        *,
        window: timedelta,
        zone: tzinfo,
        classes: Sequence[str] = tuple(CLASS_IDS),
        max_frame_gap: timedelta | None = MAX_FRAME_GAP,
        counter_options: dict | None = None,
    ) -> None:
        unknown = [c for c in classes if c not in CLASS_IDS]
        if unknown:
            raise InputError(f"counting classes {unknown} are unknown; use {list(CLASS_IDS)}")
        self.lines = list(lines)
        self.zones = list(zones)
        self.class_names = {CLASS_IDS[c]: c for c in classes}
        # A track first seen within 0.15 box heights of a line counts as born on it
        # (benchmarks/bench_counting.py; see LineCounter).
        self._counter_options = {"birth_band": 0.15, **(counter_options or {})}
        self._counter = self._new_counter()
        super().__init__(camera_id, WindowClock(window, zone, max_frame_gap=max_frame_gap))
        self._frame_size: tuple[int, int] | None = None
        self._reset_window()

    def _new_counter(self) -> LineCounter:
        return LineCounter(self.lines, **self._counter_options)

    def _reset_window(self) -> None:
        self._crossings: dict[tuple[str, str, int], int] = {}
        self._frames = 0
        n_classes = len(self.class_names)
        self._zone_sum = np.zeros((len(self.zones), n_classes), dtype=np.int64)
        self._zone_max = np.zeros((len(self.zones), n_classes), dtype=np.int64)

    def validate(self, width: int, height: int) -> None:
        """InputError if a line or zone does not fit a ``width`` x ``height`` frame."""
        check_lines_in_frame(self.lines, width, height)
        check_zones_in_frame(self.zones, width, height)

    # -- the CaseAnalyzer protocol ------------------------------------------------------------

    def observe(self, observation: Observation) -> RecordBatch:
        size = (observation.width, observation.height)
        if size != self._frame_size:
            self.validate(*size)
            self._frame_size = size
        if observation.tracks is None:
            raise ValueError("the counting case needs tracks; run the tracker (needs_tracks)")
        done = self._clock.advance(observation.captured_at)
        if self._clock.gapped:
            self._counter = self._new_counter()
        batch = self._flush(done)
        tracked = self._of_classes(observation.tracks.tracked)
        update = observation.tracks
        crossings = self._counter.update(
            tracked, update.frame_index, update.timestamp, update.events
        )
        for crossing in crossings:
            if crossing.class_id in self.class_names:
                key = (crossing.line, crossing.direction, crossing.class_id)
                self._crossings[key] = self._crossings.get(key, 0) + 1
        self._count_zones(tracked)
        return batch

    def gap(self, start: datetime, end: datetime) -> RecordBatch:
        # Nobody is followed across an outage: a crossing half-seen before it is not counted.
        self._counter = self._new_counter()
        return self._flush(self._clock.gap(start, end))

    def close(self, at: datetime, *, keep: bool) -> RecordBatch:
        self._counter = self._new_counter()
        batch = self._flush(self._clock.close(at, keep=keep))
        self._reset_window()
        return batch

    # -- internals -----------------------------------------------------------------------------

    def _of_classes(self, detections: Detections) -> Detections:
        if len(detections) == 0:
            return detections
        keep = np.isin(detections.class_ids, list(self.class_names))
        return detections[keep]

    def _count_zones(self, tracked: Detections) -> None:
        self._frames += 1
        if not self.zones:
            return
        class_ids = list(self.class_names)
        for z, zone in enumerate(self.zones):
            inside = tracked.class_ids[zone.trigger(tracked)] if len(tracked) else np.zeros(0)
            counts = np.array([int(np.count_nonzero(inside == c)) for c in class_ids])
            self._zone_sum[z] += counts
            self._zone_max[z] = np.maximum(self._zone_max[z], counts)

    def _records(self, window: WindowFields) -> list[Record]:
        out: list[Record] = []
        for line in self.lines:
            for direction in ("in", "out"):
                for class_id, name in self.class_names.items():
                    out.append(
                        LineCount(
                            **window,
                            line=line.name,
                            direction=direction,
                            class_name=name,
                            count=self._crossings.get((line.name, direction, class_id), 0),
                        )
                    )
        frames = max(self._frames, 1)
        for z, zone in enumerate(self.zones):
            for c, name in enumerate(self.class_names.values()):
                out.append(
                    ZoneOccupancy(
                        **window,
                        zone=zone.name,
                        class_name=name,
                        mean=float(self._zone_sum[z, c]) / frames,
                        max=int(self._zone_max[z, c]),
                    )
                )
        return out
