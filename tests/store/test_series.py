"""Time series of window statistics, transitions and run history, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from privacam.errors import InputError
from privacam.records import (
    Coverage,
    Outage,
    RepeatVisitWindow,
    RunRecord,
    ZoneTransitionCount,
)
from privacam.store.run_history import outage_gaps, runs_between
from privacam.store.series import DateRange, default_unit, line_count_series, repeat_statistics
from privacam.store.transitions import zone_transition_matrices
from tests.store.conftest import line_count

TOKYO = "Asia/Tokyo"
#: 2026-04-01 00:00 in Tokyo.
MIDNIGHT = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
M = timedelta(minutes=1)
H = timedelta(hours=1)


def test_counts_are_bucketed_by_local_hour_and_a_window_never_stored_reads_none(store) -> None:
    store.write(
        [
            line_count(MIDNIGHT + 9 * H, camera_id="cam1", count=4),
            line_count(MIDNIGHT + 9 * H + 15 * M, camera_id="cam1", count=6),
            line_count(MIDNIGHT + 10 * H, camera_id="cam1", count=0),
            line_count(MIDNIGHT + 9 * H, camera_id="cam1", count=2, direction="out"),
        ]
    )
    table = line_count_series(store, DateRange(date(2026, 4, 1), date(2026, 4, 1), TOKYO), "hour")
    assert [b.hour for b in table.buckets] == list(range(24))
    assert table.buckets[0].utcoffset() == timedelta(hours=9)
    by_direction = {s.direction: s for s in table.series}
    assert by_direction["in"].counts[9:12] == (10, 0, None)
    assert by_direction["in"].counts[8] is None
    assert by_direction["out"].total == 2


def test_a_day_bucket_is_a_local_calendar_day_not_a_utc_one(store) -> None:
    # 23:30 Tokyo on 1 April is 14:30 UTC: the same UTC date as 09:00 Tokyo, another local day
    # than 00:30 Tokyo on 2 April (15:30 UTC on 1 April).
    store.write(
        [
            line_count(MIDNIGHT + 23 * H + 30 * M, camera_id="cam1", count=3),
            line_count(MIDNIGHT + 24 * H + 30 * M, camera_id="cam1", count=5),
        ]
    )
    period = DateRange(date(2026, 4, 1), date(2026, 4, 3), TOKYO)
    table = line_count_series(store, period, "day")
    assert [b.day for b in table.buckets] == [1, 2, 3]
    assert table.series[0].counts == (3, 5, None)


def test_the_series_keeps_to_the_range_and_the_cameras_asked_for(store) -> None:
    store.write(
        [
            line_count(MIDNIGHT - 15 * M, camera_id="cam1", count=100),  # 23:45 the day before
            line_count(MIDNIGHT, camera_id="cam1", count=1),
            line_count(MIDNIGHT, camera_id="cam2", count=7),
            line_count(MIDNIGHT + 24 * H, camera_id="cam1", count=100),  # the day after
        ]
    )
    period = DateRange(date(2026, 4, 1), date(2026, 4, 1), TOKYO)
    table = line_count_series(store, period, "day", cameras={"cam1"})
    assert [(s.camera_id, s.counts) for s in table.series] == [("cam1", (1,))]


def test_a_range_ending_before_it_starts_or_longer_than_a_year_is_refused() -> None:
    with pytest.raises(InputError, match="before it starts"):
        DateRange(date(2026, 4, 2), date(2026, 4, 1))
    with pytest.raises(InputError, match="at most 366 days"):
        DateRange(date(2025, 1, 1), date(2026, 4, 1))
    assert default_unit(DateRange(date(2026, 4, 1), date(2026, 4, 2))) == "hour"
    assert default_unit(DateRange(date(2026, 4, 1), date(2026, 4, 3))) == "day"


def repeat_window(start: datetime, visits: int, repeats: int, camera_id: str = "cam1"):
    return RepeatVisitWindow(
        window_start=start,
        window_end=start + H,
        camera_id=camera_id,
        store_id="shop1",
        visits=visits,
        repeat_visits=repeats,
        new_visitors=visits - repeats,
    )


def test_repeat_statistics_sum_a_stores_windows_per_local_day(store) -> None:
    store.write(
        [
            repeat_window(MIDNIGHT + 10 * H, 5, 2),
            repeat_window(MIDNIGHT + 11 * H, 3, 1, camera_id="cam2"),
            repeat_window(MIDNIGHT + 34 * H, 4, 4),
        ]
    )
    period = DateRange(date(2026, 4, 1), date(2026, 4, 3), TOKYO)
    buckets, stats = repeat_statistics(store, period)
    assert len(buckets) == 3 and [s.store_id for s in stats] == ["shop1"]
    (shop,) = stats
    assert shop.visits == (8, 4, None)
    assert shop.repeat_visits == (3, 4, None)
    assert shop.new_visitors == (5, 0, None)
    assert shop.repeat_share(0) == 3 / 8 and shop.repeat_share(2) is None
    _, only_cam2 = repeat_statistics(store, period, cameras={"cam2"})
    assert only_cam2[0].visits == (3, None, None)


def move(start: datetime, a: str, b: str, n: int, camera_id: str = "cam1"):
    return ZoneTransitionCount(
        window_start=start, window_end=start + H, camera_id=camera_id,
        from_zone=a, to_zone=b, count=n,
    )  # fmt: skip


def test_transitions_are_summed_over_the_range_per_camera(store) -> None:
    store.write(
        [
            move(MIDNIGHT, "entrance", "shelf", 4),
            move(MIDNIGHT + H, "entrance", "shelf", 3),
            move(MIDNIGHT + H, "shelf", "till", 2),
            move(MIDNIGHT + H, "entrance", "till", 9, camera_id="cam2"),
            move(MIDNIGHT + 30 * H, "shelf", "till", 50),  # outside the range
        ]
    )
    period = DateRange(date(2026, 4, 1), date(2026, 4, 1), TOKYO)
    (cam1, cam2) = zone_transition_matrices(store, period)
    assert cam1.camera_id == "cam1" and cam1.count("entrance", "shelf") == 7
    assert cam1.ranked() == [("entrance", "shelf", 7), ("shelf", "till", 2)]
    assert cam2.zones == ("entrance", "till")
    assert [m.camera_id for m in zone_transition_matrices(store, period, cameras={"cam2"})] == [
        "cam2"
    ]


def finished_run(start: datetime, end: datetime | None, status: str = "completed") -> RunRecord:
    run = RunRecord.begin(deployment_sha256="ab" * 32, case="counting", source="a.mp4", now=start)
    return run if end is None else run.finished(status, now=end)  # type: ignore[arg-type]


def test_runs_show_their_cameras_and_frames_from_the_run_end_entry(store) -> None:
    old = finished_run(MIDNIGHT - 48 * H, MIDNIGHT - 47 * H)
    done = finished_run(MIDNIGHT + H, MIDNIGHT + 2 * H)
    going = finished_run(MIDNIGHT + 3 * H, None)
    with store.transaction() as tx:
        tx.write([old, done, going])
        tx.audit("run.end", done.run_id, {"records_written": 12, "cameras": {
            "cam1": {"frames": 300}, "cam2": {"frames": 200}}})  # fmt: skip
    store.write(
        [Coverage(camera_id="cam1", start=MIDNIGHT + H, end=MIDNIGHT + 2 * H)], run_id=done.run_id
    )
    store.write(
        [Coverage(camera_id="cam2", start=MIDNIGHT + 3 * H, end=MIDNIGHT + 4 * H)],
        run_id=going.run_id,
    )
    found = runs_between(store, MIDNIGHT, MIDNIGHT + 24 * H)
    assert [r.run_id for r in found] == [going.run_id, done.run_id]
    assert found[0].frames is None and found[0].cameras == ("cam2",)
    assert found[1].total_frames == 500 and found[1].records_written == 12
    scoped = runs_between(store, MIDNIGHT, MIDNIGHT + 24 * H, cameras={"cam1"})
    assert [(r.run_id, r.frames) for r in scoped] == [(done.run_id, {"cam1": 300})]


def test_gaps_name_the_outages_inside_them_and_a_gap_with_none_is_no_run(store) -> None:
    store.write(
        [
            Coverage(camera_id="cam1", start=MIDNIGHT, end=MIDNIGHT + H),
            Outage(camera_id="cam1", start=MIDNIGHT + H, end=MIDNIGHT + H + 20 * M,
                   reason="stream lost"),
            Coverage(camera_id="cam1", start=MIDNIGHT + H + 20 * M, end=MIDNIGHT + 2 * H),
        ]
    )  # fmt: skip
    gaps = outage_gaps(store, ["cam1", "cam9"], MIDNIGHT, MIDNIGHT + 3 * H)
    assert [(g.camera_id, g.start, g.end, g.reasons) for g in gaps] == [
        ("cam1", MIDNIGHT + H, MIDNIGHT + H + 20 * M, ("stream lost",)),
        ("cam1", MIDNIGHT + 2 * H, MIDNIGHT + 3 * H, ()),
        ("cam9", MIDNIGHT, MIDNIGHT + 3 * H, ()),
    ]
    assert gaps[0].duration == 20 * M
