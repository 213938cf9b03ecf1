"""Record kinds: declared classes and retention keys, UTC times, and refused bad values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from privacam.policy.retention import RETENTION
from privacam.policy.spec import DataClass
from privacam.records import (
    RECORD_KINDS,
    FlowWindow,
    HeatmapWindow,
    LineCount,
    RunRecord,
    Trajectory,
    window_bounds,
)

from .conftest import T0, line_count, trajectory

JST = timezone(timedelta(hours=9))


def test_every_kind_declares_a_known_retention_key_of_its_own_data_class() -> None:
    assert set(RECORD_KINDS) == {
        "line_counts",
        "zone_occupancy",
        "trajectories",
        "flow_windows",
        "zone_transitions",
        "heatmaps",
        "crowd_intervals",
        "attribute_tallies",
        "repeat_visits",
        "repeat_windows",
        "runs",
        "coverage",
        "outages",
    }
    for kind in RECORD_KINDS.values():
        assert kind.retention_key in RETENTION, kind.kind
        assert RETENTION[kind.retention_key].data_class == kind.data_class, kind.kind
        assert kind.time_field in kind.field_names(), kind.kind
    assert Trajectory.data_class is DataClass.personal
    assert Trajectory.retention_key == "trajectories"
    assert LineCount.data_class is DataClass.statistics


def test_times_are_normalised_to_utc_and_naive_times_refused() -> None:
    record = line_count(datetime(2026, 4, 1, 9, 0, tzinfo=JST))
    assert record.window_start == datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
    assert record.window_start.tzinfo is UTC
    with pytest.raises(ValueError, match="naive datetime"):
        line_count(datetime(2026, 4, 1, 9, 0))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: line_count(direction="up"), "not 'in' or 'out'"),
        (lambda: line_count(count=-1), "negative"),
        (
            lambda: LineCount(
                window_start=T0,
                window_end=T0,
                camera_id="c",
                line="L",
                direction="in",
                class_name="person",
                count=1,
            ),
            "not after",
        ),
        (
            lambda: HeatmapWindow(
                window_start=T0,
                window_end=T0 + timedelta(hours=1),
                camera_id="c",
                rows=2,
                cols=2,
                counts=[[1, 2], [3]],
            ),
            "not a 2×2 grid",
        ),
    ],
)
def test_values_no_case_should_produce_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_visit_ids_must_be_random_uuid4() -> None:
    assert trajectory().visit_id != trajectory().visit_id
    good = trajectory()
    for bad in ("visitor-42", "00000000-0000-1000-8000-000000000000"):  # not a UUID; UUID1
        with pytest.raises(ValueError, match="visit_id"):
            Trajectory(**{**good.to_dict(), "visit_id": bad})


def test_lists_become_tuples_and_flow_mean_is_derived() -> None:
    t = trajectory()
    assert t.image_points == ((0.0, 10.0, 20.0), (120.0, 30.0, 40.0))
    window = FlowWindow(
        window_start=T0,
        window_end=T0 + timedelta(hours=1),
        camera_id="c",
        zone="z",
        visits=4,
        total_dwell_s=100.0,
    )
    assert window.mean_dwell_s == 25.0


def test_run_record_begins_and_finishes() -> None:
    run = RunRecord.begin(deployment_sha256="a" * 64, case="counting", source="x.mp4", now=T0)
    done = run.finished("interrupted", now=T0 + timedelta(minutes=5))
    assert (done.run_id, done.status, done.ended_at) == (
        run.run_id,
        "interrupted",
        T0 + timedelta(minutes=5),
    )
    with pytest.raises(ValueError, match="unknown status"):
        run.finished("exploded")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("local", "size", "start", "end"),
    [
        ("2026-04-01T09:40", timedelta(minutes=15), "2026-04-01T09:30", "2026-04-01T09:45"),
        ("2026-04-01T09:40", timedelta(hours=1), "2026-04-01T09:00", "2026-04-01T10:00"),
        ("2026-04-01T00:10", timedelta(days=1), "2026-04-01T00:00", "2026-04-02T00:00"),
        ("2026-04-01T23:59", timedelta(hours=6), "2026-04-01T18:00", "2026-04-02T00:00"),
    ],
)
def test_windows_align_to_local_midnight(local: str, size, start: str, end: str) -> None:
    t = datetime.fromisoformat(local).replace(tzinfo=JST)
    got = window_bounds(t, size, "Asia/Tokyo")
    assert [g.astimezone(JST).replace(tzinfo=None).isoformat(timespec="minutes") for g in got] == [
        start,
        end,
    ]
