"""The newest window per key: what a live page shows (case ⑥'s congestion per area, ...).

(:mod:`.latest` counts windows per kind and camera, for the dashboard's overview.)

One query on both backends: the newest ``window_end`` per key (a group-by), joined back
to its rows. ``since`` bounds the scan to recent windows, which the time index serves, so
a long-running store answers as fast as a new one.

>>> from datetime import datetime, timedelta, UTC
>>> from privacam.records import CrowdInterval
>>> store = Store.open("sqlite://")
>>> t0 = datetime(2026, 4, 1, tzinfo=UTC)
>>> def interval(minute, area, moving):
...     start = t0 + timedelta(minutes=minute)
...     return CrowdInterval(window_start=start, window_end=start + timedelta(minutes=1),
...                          camera_id="cam1", area=area, moving=moving, still=0, congestion_level=0)
>>> _ = store.write([interval(0, "all", 5), interval(1, "all", 7), interval(0, "gate", 3)])
>>> [(r.area, r.moving) for r in newest_per_key(store, CrowdInterval, ("camera_id", "area"))]
[('all', 7), ('gate', 3)]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import and_, func, select

from privacam.records import Record
from privacam.store.store import Store, from_row
from privacam.store.tables import table_for

R = TypeVar("R", bound=Record)


def newest_per_key(
    store: Store, record_type: type[R], keys: Sequence[str], *, since: datetime | None = None
) -> list[R]:
    """The record with the newest time field for each distinct value of ``keys``, ordered
    by the keys; of rows sharing that newest time, the last written. ``since`` (inclusive)
    leaves out keys whose newest window ended before it."""
    table = table_for(record_type)
    time = table.c[record_type.time_field]
    key_columns = [table.c[name] for name in keys]
    recent = [time >= since] if since is not None else []
    newest = (
        select(*key_columns, func.max(time).label("newest"))
        .where(*recent)
        .group_by(*key_columns)
        .subquery()
    )
    joined = and_(*(column == newest.c[column.name] for column in key_columns))
    query = (
        select(table)
        .join(newest, and_(joined, time == newest.c.newest))
        .order_by(*key_columns, table.c.id)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    by_key: dict[tuple, R] = {}
    for row in rows:  # ordered by id within a key: the last written wins
        by_key[tuple(row[name] for name in keys)] = from_row(record_type, row)
    return list(by_key.values())
