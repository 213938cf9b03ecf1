"""Reduce expiring visits of case ③ to statistics before they are deleted (GB §6).

A visit counts in the window that contains it (``window_bounds`` in the deployment's
time zone): one visit, and one repeat visit or one new visitor, added to
:class:`~privacam.records.RepeatVisitWindow` of its camera and store. As in
:mod:`privacam.store.fold`, a visit whose camera and store already have a row the case
wrote for that window is taken as counted, and the rows made here are flagged
``folded_at_expiry`` so a later sweep adds to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from privacam.records import RepeatVisit, window_bounds
from privacam.store.fold import _add_folded
from privacam.store.tables import repeat_windows

_Key = tuple[str, str, datetime, datetime]  # camera, store, window start, window end


def fold_visits(
    connection: Connection, visits: Sequence[RepeatVisit], window: timedelta, timezone: str
) -> int:
    """Add the visits to the window statistics; returns how many rows were created or
    added to."""
    if not visits:
        return 0
    counted = _case_windows(connection, visits)
    sums: dict[_Key, dict[str, int]] = defaultdict(
        lambda: {"visits": 0, "repeat_visits": 0, "new_visitors": 0}
    )
    for visit in visits:
        if any(start <= visit.seen_at < end for start, end in counted[_where(visit)]):
            continue
        start, end = window_bounds(visit.seen_at, window, timezone)
        tally = sums[(visit.camera_id, visit.store_id, start, end)]
        tally["visits"] += 1
        tally["repeat_visits" if visit.repeat else "new_visitors"] += 1
    for (camera, store, start, end), tally in sums.items():
        key = {"camera_id": camera, "store_id": store, "window_start": start, "window_end": end}
        _add_folded(connection, repeat_windows, key, dict(tally))
    return len(sums)


def _where(visit: RepeatVisit) -> tuple[str, str]:
    return visit.camera_id, visit.store_id


def _case_windows(
    connection: Connection, visits: Sequence[RepeatVisit]
) -> dict[tuple[str, str], list[tuple[datetime, datetime]]]:
    """The windows the case itself wrote, per camera and store, over the visits' span."""
    first = min(v.seen_at for v in visits)
    last = max(v.seen_at for v in visits)
    t = repeat_windows
    rows = connection.execute(
        select(t.c.camera_id, t.c.store_id, t.c.window_start, t.c.window_end).where(
            t.c.folded_at_expiry.is_(False), t.c.window_end > first, t.c.window_start <= last
        )
    )
    found: dict[tuple[str, str], list[tuple[datetime, datetime]]] = defaultdict(list)
    for camera, store, start, end in rows:
        found[(camera, store)].append((start, end))
    return found
