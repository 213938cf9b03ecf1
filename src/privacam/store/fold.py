"""Reduce expiring trajectories to statistics before they are deleted (GB §6, case ②).

A visit counts in the window that contains its start (``window_bounds`` in the
deployment's time zone, the flow case's window size). Per zone it adds one
visit and its dwell to :class:`FlowWindow`; each zone-to-zone move adds one to
:class:`ZoneTransitionCount`.

"Not already there": the flow case normally writes those aggregates itself
while it runs. A visit whose camera and zone already have a case-written row
whose window contains the visit's start is taken as counted and not added
again. Rows this module makes are flagged ``folded_at_expiry``, so a later
sweep adds to them instead of mistaking them for the case's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, select, update

from privacam.records import Trajectory, window_bounds
from privacam.store.tables import flow_windows, zone_transitions

_Key = tuple[str, str, datetime, datetime]  # camera, zone (or "from\x00to"), start, end


def fold_trajectories(
    connection: Connection,
    trajectories: Sequence[Trajectory],
    window: timedelta,
    timezone: str,
) -> dict[str, int]:
    """Add the trajectories' visits, dwell and transitions to the statistics tables.

    Returns how many statistics rows were created or added to, per kind.
    """
    visits: dict[_Key, list[float]] = defaultdict(lambda: [0, 0.0])
    moves: dict[_Key, int] = defaultdict(int)
    starts = [t.started_at for t in trajectories]
    span = (min(starts), max(starts)) if starts else None
    counted_zones = _CaseWindows(connection, flow_windows, "zone", span)
    counted_moves = _CaseWindows(connection, zone_transitions, "move", span)
    for trajectory in trajectories:
        start, end = window_bounds(trajectory.started_at, window, timezone)
        for zone, seconds in trajectory.dwell_s.items():
            if seconds <= 0 or counted_zones.covers(trajectory, zone):
                continue
            tally = visits[(trajectory.camera_id, zone, start, end)]
            tally[0] += 1
            tally[1] += seconds
        for _t, from_zone, to_zone in trajectory.transitions:
            move = f"{from_zone}\x00{to_zone}"
            if not counted_moves.covers(trajectory, move):
                moves[(trajectory.camera_id, move, start, end)] += 1
    for (camera, zone, start, end), (n, dwell) in visits.items():
        _add_flow(connection, camera, zone, start, end, int(n), dwell)
    for (camera, move, start, end), n in moves.items():
        from_zone, to_zone = move.split("\x00")
        _add_transition(connection, camera, from_zone, to_zone, start, end, n)
    return {"flow_windows": len(visits), "zone_transitions": len(moves)}


class _CaseWindows:
    """The case-written aggregate windows of one table, looked up by camera and zone/move."""

    def __init__(
        self,
        connection: Connection,
        table: Table,
        what: str,
        span: tuple[datetime, datetime] | None,
    ) -> None:
        self._connection, self._table, self._what = connection, table, what
        self._span = span  # only windows that can contain one of the visits' starts
        self._cache: dict[str, list[tuple[str, datetime, datetime]]] = {}

    def _windows(self, camera_id: str) -> list[tuple[str, datetime, datetime]]:
        if camera_id not in self._cache:
            t = self._table
            name = [t.c.zone] if self._what == "zone" else [t.c.from_zone, t.c.to_zone]
            rows = self._connection.execute(
                select(*name, t.c.window_start, t.c.window_end).where(
                    t.c.camera_id == camera_id,
                    t.c.folded_at_expiry.is_(False),
                    t.c.window_end > self._span[0],
                    t.c.window_start <= self._span[1],
                )
            )
            self._cache[camera_id] = [
                ("\x00".join(row[: len(name)]), row[-2], row[-1]) for row in rows
            ]
        return self._cache[camera_id]

    def covers(self, trajectory: Trajectory, name: str) -> bool:
        t = trajectory.started_at
        return any(
            n == name and start <= t < end for n, start, end in self._windows(trajectory.camera_id)
        )


def _add_folded(
    connection: Connection,
    table: Table,
    key: dict[str, Any],
    sums: dict[str, float],
    derived: Callable[[dict[str, float]], dict[str, float]] | None = None,
) -> None:
    """Add ``sums`` to the folded row of ``table`` at ``key``, creating it if absent.

    Only rows the sweeper folded (``folded_at_expiry``) are added to: the case's own
    aggregates for the same window are left as they were written.
    """
    where = [table.c[name] == value for name, value in key.items()]
    existing = connection.execute(
        select(table.c.id, *(table.c[name] for name in sums)).where(
            *where, table.c.folded_at_expiry.is_(True)
        )
    ).first()
    totals = (
        dict(sums)
        if existing is None
        else {name: existing._mapping[name] + value for name, value in sums.items()}
    )
    values = {**totals, **(derived(totals) if derived else {})}
    if existing is None:
        connection.execute(table.insert().values(**key, **values, folded_at_expiry=True))
    else:
        connection.execute(update(table).where(table.c.id == existing.id).values(**values))


def _add_flow(
    connection: Connection,
    camera: str,
    zone: str,
    start: datetime,
    end: datetime,
    visits: int,
    dwell: float,
) -> None:
    _add_folded(
        connection,
        flow_windows,
        {"camera_id": camera, "zone": zone, "window_start": start, "window_end": end},
        {"visits": visits, "total_dwell_s": dwell},
        lambda totals: {"mean_dwell_s": totals["total_dwell_s"] / totals["visits"]},
    )


def _add_transition(
    connection: Connection,
    camera: str,
    from_zone: str,
    to_zone: str,
    start: datetime,
    end: datetime,
    count: int,
) -> None:
    _add_folded(
        connection,
        zone_transitions,
        {
            "camera_id": camera,
            "from_zone": from_zone,
            "to_zone": to_zone,
            "window_start": start,
            "window_end": end,
        },
        {"count": count},
    )
