"""Aggregates of the statistics kinds: the stored windows, or hours and days summed up.

A :class:`Rollup` says how one statistics kind folds into a longer window: which fields
name the group (line, direction and class; area; zone; age bracket and gender; store),
which counts add up, which averages are weighted by the time each window covers, and
which values keep their maximum. The camera always stays in the group, since lines,
zones and areas are named per camera. Folded rows become records of the same kind
again, so a published answer goes through the one suppression rule
(:func:`privacam.store.suppression.publish`) and no second copy of it.

Buckets are the window clock's own (:func:`privacam.records.window_bounds`): an hour
or a day counted from local midnight in the deployment's time zone. A stored window
belongs to the bucket its start falls in.

>>> from datetime import datetime, timedelta, UTC
>>> from privacam.records import LineCount
>>> t0 = datetime(2026, 4, 1, tzinfo=UTC)
>>> counts = [LineCount(window_start=t0 + timedelta(minutes=15 * n), camera_id="gate",
...     window_end=t0 + timedelta(minutes=15 * (n + 1)), line="L1", direction="in",
...     class_name="person", count=n + 1) for n in range(4)]
>>> [(r.window_end - r.window_start, r.count) for r in ROLLUPS["line_counts"].fold(
...     [c.to_dict() for c in counts], timedelta(hours=1), "Asia/Tokyo")]
[(datetime.timedelta(seconds=3600), 10)]
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from privacam.records import (
    AttributeTally,
    CrowdInterval,
    FlowWindow,
    LineCount,
    Record,
    RepeatVisitWindow,
    WindowStatistics,
    ZoneOccupancy,
    ZoneTransitionCount,
    window_bounds,
)


@dataclass
class _Fold:
    """The running totals of one group in one bucket."""

    start: datetime
    end: datetime
    sums: dict[str, float]
    weighted: dict[str, float]
    seconds: float
    maxes: dict[str, float]


@dataclass(frozen=True)
class Rollup:
    """How one statistics kind folds into longer windows."""

    record_type: type[WindowStatistics]
    #: Fields that name the group besides the window and the camera.
    keys: tuple[str, ...]
    #: Counts: the bucket holds their sum.
    sums: tuple[str, ...] = ()
    #: Averages over a window: the bucket holds their mean weighted by each window's length.
    means: tuple[str, ...] = ()
    #: Peaks: the bucket holds the largest.
    maxes: tuple[str, ...] = ()

    @property
    def group(self) -> tuple[str, ...]:
        return ("camera_id", *self.keys)

    @property
    def values(self) -> tuple[str, ...]:
        return (*self.sums, *self.means, *self.maxes)

    def fold(
        self, rows: Iterable[Mapping[str, Any]], bucket: timedelta | None, timezone: str
    ) -> list[Record]:
        """The rows as records of the kind, one per group and bucket (``None``: as stored)."""
        folds: dict[tuple[Any, ...], _Fold] = {}
        for row in rows:
            start, end = row["window_start"], row["window_end"]
            if bucket is not None:
                start, end = window_bounds(start, bucket, timezone)
            key = (start, end, *(row[name] for name in self.group))
            fold = folds.get(key)
            if fold is None:
                fold = folds[key] = _Fold(start, end, {}, {}, 0.0, {})
            seconds = (row["window_end"] - row["window_start"]).total_seconds()
            for name in self.sums:
                fold.sums[name] = fold.sums.get(name, 0) + row[name]
            for name in self.means:
                fold.weighted[name] = fold.weighted.get(name, 0.0) + row[name] * seconds
            for name in self.maxes:
                fold.maxes[name] = max(fold.maxes.get(name, row[name]), row[name])
            fold.seconds += seconds
        return [self._record(key, fold) for key, fold in sorted(folds.items(), key=_order)]

    def _record(self, key: tuple[Any, ...], fold: _Fold) -> Record:
        hints = typing.get_type_hints(self.record_type)
        means = {
            name: total / fold.seconds if fold.seconds else 0.0
            for name, total in fold.weighted.items()
        }
        values = {**fold.sums, **means, **fold.maxes}
        values = {n: round(v) if hints[n] is int else float(v) for n, v in values.items()}
        group = dict(zip(self.group, key[2:], strict=True))
        return self.record_type(window_start=fold.start, window_end=fold.end, **group, **values)


def _order(item: tuple[tuple[Any, ...], _Fold]) -> tuple[Any, ...]:
    key, _ = item
    return (key[0], *(str(part) for part in key[2:]))


#: The statistics kinds that fold, by kind. Heatmaps and coverage are not rolled up here.
ROLLUPS: dict[str, Rollup] = {
    rollup.record_type.kind: rollup
    for rollup in (
        Rollup(LineCount, keys=("line", "direction", "class_name"), sums=("count",)),
        Rollup(ZoneOccupancy, keys=("zone", "class_name"), means=("mean",), maxes=("max",)),
        # mean_dwell_s is left out: FlowWindow recomputes it from the summed totals.
        Rollup(FlowWindow, keys=("zone",), sums=("visits", "total_dwell_s")),
        Rollup(ZoneTransitionCount, keys=("from_zone", "to_zone"), sums=("count",)),
        Rollup(
            CrowdInterval,
            keys=("area",),
            means=("moving", "still"),
            maxes=("congestion_level",),
        ),
        Rollup(AttributeTally, keys=("age_bracket", "gender"), sums=("count",)),
        Rollup(
            RepeatVisitWindow,
            keys=("store_id",),
            sums=("visits", "repeat_visits", "new_visitors"),
        ),
    )
}
