"""Window statistics by time range and camera, for the dashboard's maps.

:meth:`Store.read` filters on a kind's time field (``window_end``) with ``until``
exclusive, so a window ending exactly at a range's end would be left out and one
ending exactly at its start let in. A map "from 1 April to 7 April" means the windows
that lie *within* the range: ``window_start >= start`` and ``window_end <= end``.

>>> import tempfile, os
>>> from datetime import datetime, timedelta, UTC
>>> from privacam.records import CrowdInterval
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> t = datetime(2026, 4, 1, tzinfo=UTC)
>>> _ = store.write([CrowdInterval(window_start=t + timedelta(minutes=m), camera_id="cam1",
...     window_end=t + timedelta(minutes=m + 1), area="all", moving=m, still=0,
...     congestion_level=0) for m in range(3)])
>>> [r.moving for r in windows_within(CrowdInterval, store, t, t + timedelta(minutes=2))]
[0, 1]
>>> [r.moving for r in newest_window_rows(CrowdInterval, store)]
[2]
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select

from privacam.records import WindowStatistics
from privacam.store.store import Store, from_row
from privacam.store.tables import table_for

W = TypeVar("W", bound=WindowStatistics)


def windows_within(
    kind: type[W],
    store: Store,
    start: datetime,
    end: datetime,
    cameras: Collection[str] | None = None,
) -> list[W]:
    """The ``kind`` windows lying within ``[start, end]`` of ``cameras`` (None: all), oldest
    first."""
    table = table_for(kind)
    query = select(table).where(table.c.window_start >= start, table.c.window_end <= end)
    if cameras is not None:
        query = query.where(table.c.camera_id.in_(sorted(cameras)))
    query = query.order_by(table.c.window_start, table.c.id)
    with store.engine.connect() as connection:
        return [from_row(kind, row) for row in connection.execute(query).mappings()]


def newest_window_rows(
    kind: type[W], store: Store, cameras: Collection[str] | None = None
) -> list[W]:
    """Each camera's newest ``kind`` window: every row of it (one per area, zone...).

    Unlike :func:`privacam.store.newest_per_key.newest_per_key`, which keeps one row per
    key, this keeps all the rows that share a camera's newest ``window_end``."""
    table = table_for(kind)
    newest = select(table.c.camera_id, func.max(table.c.window_end).label("window_end"))
    if cameras is not None:
        newest = newest.where(table.c.camera_id.in_(sorted(cameras)))
    newest = newest.group_by(table.c.camera_id).subquery()
    query = (
        select(table)
        .join(
            newest,
            (table.c.camera_id == newest.c.camera_id) & (table.c.window_end == newest.c.window_end),
        )
        .order_by(table.c.camera_id, table.c.id)
    )
    with store.engine.connect() as connection:
        return [from_row(kind, row) for row in connection.execute(query).mappings()]
