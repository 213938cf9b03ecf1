"""Gaps: the spans a camera was not observed, so an outage never reads as zeros.

The runtime writes a :class:`~privacam.records.Coverage` span for the time each
camera was actually observed. Anything between them is a gap: dashboards and
exports show it as "no data", never as a count of zero. Spans of one camera never
overlap (:mod:`privacam.store.overlap`): an instant is observed, and counted, once.
"""

from __future__ import annotations

from datetime import datetime

from privacam.records import Coverage, utc
from privacam.store.overlap import CoverageOverlap, refuse_overlap
from privacam.store.store import Store

__all__ = ["CoverageOverlap", "coverage_gaps", "is_covered", "refuse_observed"]


def coverage_gaps(
    store: Store, camera_id: str, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The spans within [start, end) that no coverage row of ``camera_id`` covers, in order."""
    start, end = utc(start, "start"), utc(end, "end")
    spans = sorted(
        (c.start, c.end)
        for c in store.read(Coverage, camera_id=camera_id, since=start)
        if c.start < end
    )
    gaps, cursor = [], start
    for span_start, span_end in spans:
        if span_start > cursor:
            gaps.append((cursor, min(span_start, end)))
        cursor = max(cursor, span_end)
        if cursor >= end:
            break
    if cursor < end:
        gaps.append((cursor, end))
    return gaps


def is_covered(store: Store, camera_id: str, start: datetime, end: datetime) -> bool:
    """True when the camera was observed for all of [start, end) (a window can be trusted)."""
    return not coverage_gaps(store, camera_id, start, end)


def refuse_observed(store: Store, camera_id: str, start: datetime, end: datetime) -> None:
    """:class:`CoverageOverlap` when ``camera_id`` already has stored coverage in
    ``[start, end)``: for a run to refuse a recording before it processes it again."""
    with store.engine.connect() as connection:
        refuse_overlap(connection, camera_id, utc(start, "start"), utc(end, "end"))
