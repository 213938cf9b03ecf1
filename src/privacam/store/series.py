"""Window statistics as time series: counts per line, direction and class, and repeat-visit
statistics, summed into hour or day buckets of the deployment's time zone.

A bucket is one of privacam's own windows (:func:`privacam.records.window_bounds`: an hour
or a calendar day from local midnight), and a stored window counts in the bucket holding
its start; windows never cross local midnight, so a day bucket holds whole windows. A
bucket in which no window was stored reads ``None`` (no data: the camera was off), never 0:
the cases store their zero counts, so a real zero is a stored zero.

These are the operator's exact figures (the signed-in dashboard and the API); anything
published must go through :mod:`privacam.store.suppression` first.

>>> import tempfile, os
>>> from datetime import date, datetime, UTC
>>> from privacam.records import LineCount
>>> from privacam.store import Store
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> t0, t1 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC), datetime(2026, 4, 1, 0, 15, tzinfo=UTC)
>>> _ = store.write([LineCount(window_start=t0, window_end=t1, camera_id="gate", line="L1",
...                            direction="in", class_name="person", count=7)])
>>> period = DateRange(date(2026, 4, 1), date(2026, 4, 1), "Asia/Tokyo")
>>> table = line_count_series(store, period, "hour")
>>> len(table.buckets), table.buckets[9].isoformat()
(24, '2026-04-01T09:00:00+09:00')
>>> [(s.line, s.direction, s.counts[8], s.counts[9], s.total) for s in table.series]
[('L1', 'in', None, 7, 7)]
>>> store.close(); del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Table, select

from privacam.errors import InputError
from privacam.records import window_bounds
from privacam.store.store import Store
from privacam.store.tables import line_counts, repeat_windows

Unit = Literal["hour", "day"]
UNITS: dict[str, timedelta] = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
#: The longest range a series is drawn for: a year of days (or of hours, 8,784 buckets).
MAX_DAYS = 366
#: The days a range may hold: a local day's UTC bounds must stay within ``datetime``'s years.
FIRST_DAY = date(1970, 1, 2)
LAST_DAY = date(9998, 12, 30)


@dataclass(frozen=True)
class DateRange:
    """Whole local days ``first``..``last`` (both included) in ``timezone``.

    >>> r = DateRange(date(2026, 4, 1), date(2026, 4, 2), "Asia/Tokyo")
    >>> r.start.isoformat(), r.end.isoformat(), r.days
    ('2026-03-31T15:00:00+00:00', '2026-04-02T15:00:00+00:00', 2)
    """

    first: date
    last: date
    timezone: str = "Asia/Tokyo"

    def __post_init__(self) -> None:
        if self.first < FIRST_DAY or self.last > LAST_DAY:
            raise InputError(
                f"日付は {FIRST_DAY} から {LAST_DAY} の間で指定してください / dates must lie "
                f"between {FIRST_DAY} and {LAST_DAY}, not {self.first}..{self.last}"
            )
        if self.last < self.first:
            raise InputError(
                f"終了日 {self.last} が開始日 {self.first} より前です / "
                f"the range ends ({self.last}) before it starts ({self.first})"
            )
        if self.days > MAX_DAYS:
            raise InputError(
                f"期間は {MAX_DAYS} 日までにしてください（{self.days} 日） / "
                f"a range may span at most {MAX_DAYS} days, not {self.days}"
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        """Local midnight starting ``first``, in UTC."""
        return self._midnight(self.first)

    @property
    def end(self) -> datetime:
        """Local midnight ending ``last``, in UTC (exclusive)."""
        return self._midnight(self.last + timedelta(days=1))

    def _midnight(self, day: date) -> datetime:
        local = datetime(day.year, day.month, day.day, tzinfo=self.zone)
        return window_bounds(local, UNITS["day"], self.zone)[0]

    def buckets(self, unit: Unit) -> list[datetime]:
        """The buckets' starts, local time, in order."""
        found, cursor = [], self.start
        while cursor < self.end:
            found.append(cursor.astimezone(self.zone))
            cursor = window_bounds(cursor, UNITS[unit], self.zone)[1]
        return found

    def bucket_of(self, moment: datetime, unit: Unit) -> datetime:
        """The local start of the bucket holding ``moment``."""
        return window_bounds(moment, UNITS[unit], self.zone)[0].astimezone(self.zone)


def default_unit(period: DateRange) -> Unit:
    """Hours for a range of up to two days, days beyond (a chart stays readable)."""
    return "hour" if period.days <= 2 else "day"


def bucketed(
    rows: Iterable[tuple[Hashable, datetime, int]], period: DateRange, unit: Unit
) -> tuple[list[datetime], dict[Hashable, list[int | None]]]:
    """Sum ``(key, window_start, value)`` rows into the period's buckets, per key.

    A bucket no row fell into stays ``None``. Keys come back sorted.
    """
    buckets = period.buckets(unit)
    position = {bucket: i for i, bucket in enumerate(buckets)}
    sums: dict[Hashable, list[int | None]] = defaultdict(lambda: [None] * len(buckets))
    for key, window_start, value in rows:
        i = position.get(period.bucket_of(window_start, unit))
        if i is None:
            continue
        values = sums[key]
        values[i] = (values[i] or 0) + value
    return buckets, {key: sums[key] for key in sorted(sums)}  # type: ignore[type-var]


def _in_period(table: Table, period: DateRange, cameras: Collection[str] | None) -> list:
    conditions = [table.c.window_start >= period.start, table.c.window_start < period.end]
    if cameras is not None:
        conditions.append(table.c.camera_id.in_(sorted(cameras)))
    return conditions


@dataclass(frozen=True)
class CountSeries:
    """One counting line's crossings in one direction by one class, per bucket."""

    camera_id: str
    line: str
    direction: str
    class_name: str
    counts: tuple[int | None, ...]

    @property
    def total(self) -> int:
        return sum(c for c in self.counts if c is not None)


@dataclass(frozen=True)
class CountTable:
    """Count series over common buckets (local starts, in the deployment's time zone)."""

    unit: Unit
    buckets: tuple[datetime, ...]
    series: tuple[CountSeries, ...]


def line_count_series(
    store: Store, period: DateRange, unit: Unit, cameras: Collection[str] | None = None
) -> CountTable:
    """Crossings per (camera, line, direction, class), summed into ``unit`` buckets.

    ``cameras``: only those cameras' lines (``None``: every camera).
    """
    t = line_counts
    query = select(
        t.c.camera_id, t.c.line, t.c.direction, t.c.class_name, t.c.window_start, t.c.count
    ).where(*_in_period(t, period, cameras))
    with store.engine.connect() as connection:
        rows = [
            ((camera, line, direction, name), start, count)
            for camera, line, direction, name, start, count in connection.execute(query)
        ]
    buckets, sums = bucketed(rows, period, unit)
    series = tuple(CountSeries(*key, counts=tuple(values)) for key, values in sums.items())  # type: ignore[misc]
    return CountTable(unit, tuple(buckets), series)


#: The counts of a repeat window, in RepeatStatistics' order.
REPEAT_FIELDS = ("visits", "repeat_visits", "new_visitors")


@dataclass(frozen=True)
class RepeatStatistics:
    """One store's visits, repeat visits and new visitors per bucket (case ③).

    Window statistics only: visitor ids and visits never leave the personal tables.
    """

    store_id: str
    visits: tuple[int | None, ...]
    repeat_visits: tuple[int | None, ...]
    new_visitors: tuple[int | None, ...]

    def repeat_share(self, i: int) -> float | None:
        """Repeat visits over visits in bucket ``i`` (``None`` without data or visits)."""
        visits, repeats = self.visits[i], self.repeat_visits[i]
        return None if not visits or repeats is None else repeats / visits


def repeat_statistics(
    store: Store, period: DateRange, unit: Unit = "day", cameras: Collection[str] | None = None
) -> tuple[list[datetime], list[RepeatStatistics]]:
    """Per store (summed over its cameras): visits, repeat visits and new visitors per bucket."""
    t = repeat_windows
    query = select(
        t.c.store_id, t.c.window_start, t.c.visits, t.c.repeat_visits, t.c.new_visitors
    ).where(*_in_period(t, period, cameras))
    rows = []
    with store.engine.connect() as connection:
        for store_id, start, visits, repeats, new in connection.execute(query):
            rows += [
                ((store_id, "visits"), start, visits),
                ((store_id, "repeat_visits"), start, repeats),
                ((store_id, "new_visitors"), start, new),
            ]
    buckets, sums = bucketed(rows, period, unit)
    stores = sorted({store_id for store_id, _ in sums})  # type: ignore[misc]
    empty = [None] * len(buckets)
    statistics = [
        RepeatStatistics(
            store_id,
            *(tuple(sums.get((store_id, name), empty)) for name in REPEAT_FIELDS),
        )
        for store_id in stores
    ]
    return buckets, statistics
