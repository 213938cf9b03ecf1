"""One camera, one observation of each instant: coverage spans never overlap.

Processing the same recording twice (the same ``--start-time``), or two processes
capturing one camera, would otherwise store every count twice. So a coverage span
that overlaps one already stored for its camera is refused
(:class:`CoverageOverlap`, in the transaction that would write it: nothing of that
batch is written). ``privacam run --replace`` instead deletes what other runs
stored for the span (every kind with that camera, in the same transaction as the
batch that replaces it, audited as ``records.replace``), so each instant has one
version at every moment: the old one, or the new one.

Spans are half-open, ``[start, end)``; a span of zero length (a run of one frame)
is the instant it names, so ``start = start`` counts as an overlap too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, Table, and_, delete, or_, select, text

from privacam.errors import InputError
from privacam.records import RECORD_KINDS, Coverage, RunRecord
from privacam.store.tables import table_for

_PG_COVERAGE_LOCK = 0x636F7672  # one coverage writer at a time, per database


class CoverageOverlap(InputError):
    """A span of a camera was already observed and stored: writing it again would count twice."""


def _span_columns(table: Table) -> tuple[Column[Any], Column[Any]] | None:
    for start, end in (
        ("window_start", "window_end"),
        ("started_at", "ended_at"),
        ("start", "end"),
    ):
        if start in table.c and end in table.c:
            return table.c[start], table.c[end]
    return None


def _overlaps(table: Table, start: datetime, end: datetime) -> ColumnElement[bool]:
    span = _span_columns(table)
    assert span is not None
    first, last = span
    return or_(and_(first < end, last > start), first == start)


def _not_of_run(table: Table, run_id: str | None) -> ColumnElement[bool] | None:
    if run_id is None:
        return None
    return or_(table.c.run_id.is_(None), table.c.run_id != run_id)


def stored_coverage(
    connection: Connection, camera_id: str, start: datetime, end: datetime
) -> list[tuple[datetime, datetime, str | None]]:
    """The stored coverage spans of ``camera_id`` that overlap ``[start, end)``, as
    (start, end, run_id), oldest first."""
    table = table_for(Coverage)
    rows = connection.execute(
        select(table.c.start, table.c.end, table.c.run_id)
        .where(table.c.camera_id == camera_id, _overlaps(table, start, end))
        .order_by(table.c.start)
    ).all()
    return [(row.start, row.end, row.run_id) for row in rows]


def refuse_overlap(connection: Connection, camera_id: str, start: datetime, end: datetime) -> None:
    """:class:`CoverageOverlap` when ``camera_id`` already has coverage in ``[start, end)``."""
    stored = stored_coverage(connection, camera_id, start, end)
    if not stored:
        return
    first, last = min(s for s, _, _ in stored), max(e for _, e, _ in stored)
    runs = sorted({run for _, _, run in stored if run}) or ["(outside a run)"]
    shown = f"{first.isoformat(timespec='seconds')} – {last.isoformat(timespec='seconds')}"
    asked = f"{start.isoformat(timespec='seconds')} – {end.isoformat(timespec='seconds')}"
    raise CoverageOverlap(
        f"カメラ {camera_id} の {asked} は実行 {', '.join(runs)} ですでに記録されています"
        f"（{shown}）。同じ録画を二度処理すると数が重複します。別の --start-time を指定するか、"
        f"--replace で置き換えてください / camera {camera_id}: {asked} overlaps what run(s) "
        f"{', '.join(runs)} already stored ({shown}); processing the same recording twice "
        "would count it twice: give another --start-time, or --replace to rewrite that span"
    )


def lock_coverage(connection: Connection) -> None:
    """Serialise coverage writers (SQLite's write lock already does, from BEGIN IMMEDIATE)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_COVERAGE_LOCK})


def delete_overlapping(
    connection: Connection,
    camera_id: str,
    start: datetime,
    end: datetime,
    *,
    keep_run: str | None,
) -> dict[str, int]:
    """Delete every record of ``camera_id`` overlapping ``[start, end)`` that run
    ``keep_run`` did not write; returns the rows deleted per kind (kinds with none left out)."""
    deleted: dict[str, int] = {}
    for kind in _camera_kinds():
        table = table_for(kind)
        conditions = [table.c.camera_id == camera_id, _overlaps(table, start, end)]
        if (other := _not_of_run(table, keep_run)) is not None:
            conditions.append(other)
        count = connection.execute(delete(table).where(*conditions)).rowcount
        if count:
            deleted[kind.kind] = count
    return deleted


def _camera_kinds() -> Sequence[type]:
    return [
        kind
        for kind in RECORD_KINDS.values()
        if kind is not RunRecord
        and "camera_id" in table_for(kind).c
        and _span_columns(table_for(kind)) is not None
    ]
