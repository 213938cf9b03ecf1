"""Writing and reading records: round trips, whole-batch transactions, runs, pragmas."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from privacam.errors import InputError
from privacam.records import (
    AttributeTally,
    Coverage,
    CrowdInterval,
    FlowWindow,
    HeatmapWindow,
    LineCount,
    Outage,
    RepeatVisit,
    RepeatVisitWindow,
    RunRecord,
    Trajectory,
    ZoneOccupancy,
    ZoneTransitionCount,
    new_visit_id,
)
from privacam.store import Store, open_store

from .conftest import T0, line_count, loaded_spec, trajectory

H = timedelta(hours=1)


def one_of_each() -> list:
    run = RunRecord.begin(
        deployment_sha256="f" * 64,
        case="flow",
        source="rtsp://admin:${CAMERA_PASSWORD}@10.0.0.2/live",
        model_digests={"yolox_nano": "ab" * 32},
        now=T0,
    )
    return [
        line_count(camera_id="入口カメラ"),
        ZoneOccupancy(
            window_start=T0,
            window_end=T0 + H,
            camera_id="c",
            zone="z",
            class_name="car",
            mean=1.25,
            max=3,
        ),
        trajectory(),
        FlowWindow(
            window_start=T0,
            window_end=T0 + H,
            camera_id="c",
            zone="z",
            visits=3,
            total_dwell_s=90.5,
        ),
        ZoneTransitionCount(
            window_start=T0,
            window_end=T0 + H,
            camera_id="c",
            from_zone="a",
            to_zone="b",
            count=2,
        ),
        HeatmapWindow(
            window_start=T0,
            window_end=T0 + H,
            camera_id="c",
            rows=2,
            cols=3,
            counts=((0, 1, 2), (3, 4, 5)),
        ),
        CrowdInterval(
            window_start=T0,
            window_end=T0 + H,
            camera_id="c",
            area="ホーム1",
            moving=12,
            still=4,
            congestion_level=1,
        ),
        AttributeTally(
            window_start=T0,
            window_end=T0 + H,
            camera_id="c",
            age_bracket="20-39",
            gender="female",
            count=7,
        ),
        RepeatVisit(
            visit_id=new_visit_id(),
            visitor_id=new_visit_id(),
            store_id="shibuya",
            camera_id="c",
            seen_at=T0,
            repeat=True,
            age_bracket="40-59",
            gender="male",
        ),
        RepeatVisitWindow(
            window_start=T0,
            window_end=T0 + H,
            camera_id="c",
            store_id="shibuya",
            visits=9,
            repeat_visits=4,
            new_visitors=5,
        ),
        run,
        Coverage(camera_id="c", start=T0, end=T0 + H),
        Outage(camera_id="c", start=T0 + H, end=T0 + 2 * H, reason="stream closed"),
    ]


def test_every_kind_round_trips_exactly_with_utc_times(store: Store) -> None:
    records = one_of_each()
    assert store.write(records, run_id="r-1") == len(records)
    for record in records:
        (back,) = store.read(type(record))
        assert back == record, record.kind
        times = [v for v in back.to_dict().values() if hasattr(v, "tzinfo")]
        assert times and all(t.tzinfo is UTC for t in times)
    assert store.rows(LineCount)[0]["run_id"] == "r-1"
    assert store.counts()["trajectories"] == 1


def test_read_filters_by_camera_and_time(store: Store) -> None:
    store.write([line_count(T0 + i * H, camera_id=f"c{i % 2}", count=i) for i in range(6)])
    assert [r.count for r in store.read(LineCount, camera_id="c1")] == [1, 3, 5]
    window_ends = store.read(LineCount, since=T0 + 2 * H, until=T0 + 4 * H)
    # time_field is window_end (start + 15 min): windows starting at 2h and 3h
    assert [r.count for r in window_ends] == [2, 3]


def test_a_failed_batch_writes_nothing(store: Store) -> None:
    store.write([line_count(count=1)])
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.write([line_count(count=2), line_count(count=3)])
        tx.audit("test", "half", {})
        raise RuntimeError("killed between two writes")
    # A database error in the middle of a batch (duplicate visit id) rolls back all of it.
    t = trajectory()
    with pytest.raises(IntegrityError):
        store.write([line_count(count=4), t, Trajectory(**{**t.to_dict()})])
    assert [r.count for r in store.read(LineCount)] == [1]
    assert store.count(Trajectory) == 0
    assert list(store.audit.entries()) == []


def test_a_run_is_written_when_it_starts_and_replaced_when_it_ends(store: Store) -> None:
    run = RunRecord.begin(deployment_sha256="a" * 64, case="counting", source="x", now=T0)
    store.write([run])
    store.write([run.finished("completed", now=T0 + H)])
    (back,) = store.read(RunRecord)
    assert (back.status, back.ended_at) == ("completed", T0 + H)


def test_delete_removes_matching_rows_only(store: Store) -> None:
    keep, drop = trajectory(), trajectory()
    store.write([keep, drop])
    assert store.delete(Trajectory, visit_id=drop.visit_id) == 1
    assert [t.visit_id for t in store.read(Trajectory)] == [keep.visit_id]


def test_relative_sqlite_path_resolves_next_to_the_deployment_file(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    loaded = loaded_spec(tmp_path / "site", store_url="sqlite:///data.db")
    with open_store(loaded) as store:
        store.write([line_count()])
        assert store.path == (tmp_path / "site" / "data.db").resolve()
    assert (tmp_path / "site" / "data.db").is_file()
    assert not (tmp_path / "elsewhere" / "data.db").exists()


def test_commands_that_read_do_not_create_a_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no store at"):
        Store.open(str(tmp_path / "none.db"), create=False)
    assert not (tmp_path / "none.db").exists()


def test_bad_urls_are_one_line_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not supported"):
        Store.open("mysql://u@h/db")
    with pytest.raises(InputError, match="does not exist"):
        Store.open(str(tmp_path / "missing-folder" / "x.db"))


def test_sqlite_runs_in_wal_mode_with_secure_delete(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1


def test_a_server_databases_head_file_is_named_alike_in_every_process(monkeypatch) -> None:
    """A process that has read a secret equal to the user name (a test server's password
    often is) must find the head file another process wrote for the same database."""
    from privacam import secret_values
    from privacam.store.store import default_head_path

    url = "postgresql+psycopg://privacam_test:privacam_test@localhost:5432/privacam_test"
    before = default_head_path(url)
    monkeypatch.setattr(secret_values, "_forms", {**secret_values._forms})
    secret_values.remember("PG_PASSWORD", "privacam_test")
    assert default_head_path(url) == before
