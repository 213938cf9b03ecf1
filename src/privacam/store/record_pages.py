"""One page of a record kind's rows: a time window, some cameras, a bounded page size.

The API reads records a page at a time (``privacam.server``): the same rows as
:meth:`Store.rows` (the record's fields and ``run_id``), oldest first by the kind's
time field, with the total count matching the filters so that a client knows how
many pages there are. ``since`` is inclusive and ``until`` exclusive, as in
:meth:`Store.rows`. ``cameras`` limits the rows to those cameras (an analyst's scope);
a kind without cameras (runs) has no rows for a camera-limited reader.

>>> import tempfile, os
>>> from datetime import datetime, timedelta, UTC
>>> from privacam.records import LineCount
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> t0 = datetime(2026, 4, 1, tzinfo=UTC)
>>> store.write([LineCount(window_start=t0 + timedelta(minutes=m), camera_id=cam, line="L1",
...     window_end=t0 + timedelta(minutes=m + 1), direction="in", class_name="person", count=m)
...     for m in range(3) for cam in ("cam1", "cam2")])
6
>>> page = record_page(store, LineCount, cameras=frozenset({"cam1"}), limit=2)
>>> page.total, [row["count"] for row in page.rows]
(3, [0, 1])
>>> [row["count"] for row in record_page(store, LineCount, cameras=frozenset({"cam1"}),
...                                      limit=2, offset=2).rows]
[2]
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, false, func, select

from privacam.records import Record
from privacam.store.store import Store
from privacam.store.tables import table_for

#: The largest page a reader may ask for: a bounded answer whatever the table holds.
MAX_PAGE = 1000


@dataclass(frozen=True)
class RecordPage:
    rows: list[dict[str, Any]]
    #: Rows matching the filters, over all pages.
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        """The offset of the next page, or ``None`` on the last one."""
        after = self.offset + len(self.rows)
        return after if after < self.total else None


def _filtered(
    record_type: type[Record],
    query: Select[Any],
    *,
    cameras: Set[str] | None,
    since: datetime | None,
    until: datetime | None,
    time_field: str | None = None,
) -> Select[Any]:
    table = table_for(record_type)
    time = table.c[time_field or record_type.time_field]
    if cameras is not None:
        if "camera_id" in table.c:
            query = query.where(table.c.camera_id.in_(sorted(cameras)))
        else:  # no camera on the row: nothing of it is within a camera scope
            query = query.where(false())
    if since is not None:
        query = query.where(time >= since)
    if until is not None:
        query = query.where(time < until)
    return query


def record_rows(
    store: Store,
    record_type: type[Record],
    *,
    cameras: Set[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    offset: int = 0,
    limit: int | None = None,
    time_field: str | None = None,
) -> list[dict[str, Any]]:
    """The kind's rows that match the filters, oldest first (all of them without ``limit``).

    ``since`` and ``until`` apply to ``time_field``, by default the kind's own (a window's
    end); aggregates ask for ``window_start``, the time that places a window in a bucket.
    """
    table = table_for(record_type)
    time = table.c[time_field or record_type.time_field]
    order = [time, table.c.id] if "id" in table.c else [time]
    query = _filtered(
        record_type,
        select(table),
        cameras=cameras,
        since=since,
        until=until,
        time_field=time_field,
    )
    query = query.order_by(*order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    keep = [*record_type.field_names(), "run_id"]
    with store.engine.connect() as connection:
        result = connection.execute(query)
        return [{k: row._mapping[k] for k in keep if k in row._mapping} for row in result]


def record_page(
    store: Store,
    record_type: type[Record],
    *,
    cameras: Set[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    offset: int = 0,
    limit: int = 100,
) -> RecordPage:
    """Rows ``offset`` to ``offset + limit`` of the kind that match the filters."""
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit must be from 1 to {MAX_PAGE}, got {limit}")
    if offset < 0:
        raise ValueError(f"offset must not be negative, got {offset}")
    table = table_for(record_type)
    where = {"cameras": cameras, "since": since, "until": until}
    count_query = _filtered(record_type, select(func.count()).select_from(table), **where)
    with store.engine.connect() as connection:
        total = connection.execute(count_query).scalar_one()
    rows = record_rows(store, record_type, **where, offset=offset, limit=limit)
    return RecordPage(rows=rows, total=total, offset=offset, limit=limit)
