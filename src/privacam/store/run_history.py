"""Runs and outages over a time range: what ran, how it ended, and when nothing was seen.

A run's cameras are the ones its coverage spans name; its frames per camera and rows
written come from its ``run.end`` audit entry (a run still going, or one killed before it
could write its end, has none). A gap is a span no coverage row covers
(:func:`privacam.store.coverage.coverage_gaps`), with the reasons of the outages recorded
in it: a gap without one is a time no run was observing the camera.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from privacam.records import Outage, utc
from privacam.store.coverage import coverage_gaps
from privacam.store.store import Store
from privacam.store.tables import audit_log, coverage, runs


@dataclass(frozen=True)
class RunSummary:
    """One run as the runs table shows it."""

    run_id: str
    case: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    source: str
    cameras: tuple[str, ...] = ()
    #: Camera id -> frames read, from the run's end (``None`` until it recorded one).
    frames: Mapping[str, int] | None = None
    records_written: int | None = None

    @property
    def total_frames(self) -> int | None:
        return None if self.frames is None else sum(self.frames.values())


def _run_ends(connection, run_ids: list[str]) -> dict[str, dict]:
    query = select(audit_log.c.subject, audit_log.c.details).where(
        audit_log.c.action == "run.end", audit_log.c.subject.in_(run_ids)
    )
    return {subject: json.loads(details) for subject, details in connection.execute(query)}


def _run_cameras(connection, run_ids: list[str]) -> dict[str, set[str]]:
    query = (
        select(coverage.c.run_id, coverage.c.camera_id)
        .where(coverage.c.run_id.in_(run_ids))
        .distinct()
    )
    found: dict[str, set[str]] = defaultdict(set)
    for run_id, camera_id in connection.execute(query):
        found[run_id].add(camera_id)
    return found


def _summary(row, cameras: set[str], end: dict | None) -> RunSummary:
    frames = None
    if end is not None and isinstance(end.get("cameras"), dict):
        frames = {cam: int(d.get("frames", 0)) for cam, d in sorted(end["cameras"].items())}
    written = end.get("records_written") if end is not None else None
    return RunSummary(
        run_id=row.run_id,
        case=row.case,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=row.status,
        source=row.source,
        cameras=tuple(sorted(cameras | set(frames or ()))),
        frames=frames,
        records_written=written,
    )


def runs_between(
    store: Store, start: datetime, end: datetime, cameras: Collection[str] | None = None
) -> list[RunSummary]:
    """The runs that overlap [start, end), newest first.

    ``cameras``: only runs that observed one of them (their frames narrowed to those).
    """
    start, end = utc(start, "start"), utc(end, "end")
    query = (
        select(runs)
        .where(runs.c.started_at < end, or_(runs.c.ended_at.is_(None), runs.c.ended_at > start))
        .order_by(runs.c.started_at.desc())
    )
    with store.engine.connect() as connection:
        rows = list(connection.execute(query))
        ids = [row.run_id for row in rows]
        ends, seen = _run_ends(connection, ids), _run_cameras(connection, ids)
    found = [_summary(row, seen.get(row.run_id, set()), ends.get(row.run_id)) for row in rows]
    if cameras is None:
        return found
    scoped = []
    for run in found:
        mine = tuple(c for c in run.cameras if c in cameras)
        if mine:
            frames = None if run.frames is None else {c: run.frames.get(c, 0) for c in mine}
            scoped.append(dataclasses.replace(run, cameras=mine, frames=frames))
    return scoped


@dataclass(frozen=True)
class Gap:
    """A span one camera was not observed, and the recorded outages' reasons within it."""

    camera_id: str
    start: datetime
    end: datetime
    reasons: tuple[str, ...] = field(default=())

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


def outage_gaps(
    store: Store, camera_ids: Collection[str], start: datetime, end: datetime
) -> list[Gap]:
    """Per camera, the gaps in [start, end) in time order, with the outages found in each."""
    start, end = utc(start, "start"), utc(end, "end")
    found = []
    for camera_id in sorted(camera_ids):
        outages = [o for o in store.read(Outage, camera_id=camera_id, since=start) if o.start < end]
        for gap_start, gap_end in coverage_gaps(store, camera_id, start, end):
            reasons = tuple(
                dict.fromkeys(o.reason for o in outages if o.start < gap_end and o.end > gap_start)
            )
            found.append(Gap(camera_id, gap_start, gap_end, reasons))
    return found
