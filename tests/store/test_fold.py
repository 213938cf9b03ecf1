"""Folding expired trajectories lands in the very windows the case writes (GB §6, case ②)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from privacam.cases.windows import WindowClock
from privacam.store import Store
from privacam.store.fold import fold_trajectories
from privacam.store.tables import flow_windows

from .conftest import trajectory

TOKYO = ZoneInfo("Asia/Tokyo")


def _case_windows(size: timedelta, first: datetime, last: datetime) -> list[tuple[datetime, ...]]:
    """The whole windows a case closes over frames every 30 s from ``first`` to ``last``."""
    clock = WindowClock(size, TOKYO)
    spans = []
    at = first
    while at <= last:
        spans += clock.advance(at)
        at += timedelta(seconds=30)
    return spans[1:]  # the first one starts at the first frame, not at a boundary


@pytest.mark.parametrize("minutes", [7, 50])
def test_folded_visits_land_in_the_cases_own_windows_when_the_size_does_not_divide_a_day(
    store: Store, minutes: int
) -> None:
    # Across local midnight, where a size that does not divide a day has its short window.
    size = timedelta(minutes=minutes)
    windows = _case_windows(
        size, datetime(2026, 4, 1, 21, 0, tzinfo=TOKYO), datetime(2026, 4, 2, 3, 0, tzinfo=TOKYO)
    )
    assert any(end - start < size for start, end in windows)  # the one before midnight
    # One visit starting in the middle of each window the case closed.
    visits = [trajectory(start + (end - start) / 2, dwell={"shelf": 5.0}) for start, end in windows]
    with store.engine.begin() as connection:
        fold_trajectories(connection, visits, size, "Asia/Tokyo")
        folded = connection.execute(
            select(flow_windows.c.window_start, flow_windows.c.window_end)
        ).all()
    assert sorted(tuple(row) for row in folded) == sorted(windows)
