"""Retention: the deployment's data_items drive the sweep, trajectories become statistics
before they go, every purge is audited, and no deleted byte stays in the SQLite files."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from privacam.policy.assessment.inventory import retention_status
from privacam.policy.retention import RETENTION, effective_retention
from privacam.policy.rules.data import retention_ceilings
from privacam.records import FlowWindow, LineCount, RunRecord, Trajectory, ZoneTransitionCount
from privacam.store import Store, retention_rules, sweep
from privacam.store.quarantine import Quarantine
from privacam.store.tables import flow_windows

from .conftest import T0, as_loaded, deployment, line_count, trajectory

D = timedelta(days=1)


def test_rules_follow_data_items_with_defaults_and_ceilings() -> None:
    spec = deployment(
        "flow",
        trajectories={"data_class": "personal", "retention": "30d", "at_expiry": "aggregate"},
        statistics={"retention": "1y"},
    )
    rules = retention_rules(spec)
    assert (rules["trajectories"].period, rules["trajectories"].at_expiry) == (30 * D, "aggregate")
    assert (rules["statistics"].period, rules["statistics"].source) == (365 * D, "deployment")

    without = spec.model_copy(update={"data_items": [spec.data_item("raw_images")]})
    rules = retention_rules(without)
    assert (rules["trajectories"].period, rules["trajectories"].source) == (90 * D, "default")
    assert rules["trajectories"].at_expiry == "aggregate"  # GB §6: then aggregates only
    assert rules["statistics"].period == 3 * 365 * D

    too_long = deployment("flow", trajectories={"data_class": "personal", "retention": "2y"})
    capped = retention_rules(too_long)["trajectories"]
    assert (capped.period, capped.capped) == (365 * D, True)


def test_sweep_deletes_what_expired_per_kind_and_audits_it(store: Store) -> None:
    spec = deployment(
        "flow",
        trajectories={"data_class": "personal", "retention": "7d", "at_expiry": "delete"},
        statistics={"retention": "30d"},
    )
    now = T0 + 40 * D
    old_count, new_count = line_count(T0, count=1), line_count(T0 + 20 * D, count=2)
    old_visit, new_visit = trajectory(T0 + 30 * D), trajectory(T0 + 35 * D)
    old_run = RunRecord.begin(deployment_sha256="a" * 64, case="flow", source="x", now=T0)
    store.write([old_count, new_count, old_visit, new_visit, old_run])

    report = sweep(store, as_loaded(spec), now)

    assert {k: n for k, n in report.deleted.items() if n} == {
        "line_counts": 1,
        "trajectories": 1,
        "runs": 1,
    }
    assert [r.count for r in store.read(LineCount)] == [2]
    assert [t.visit_id for t in store.read(Trajectory)] == [new_visit.visit_id]
    assert store.count(FlowWindow) == 0  # at_expiry: delete folds nothing
    (entry,) = [e for e in store.audit.entries() if e.action == "purge"]
    assert entry.seq == report.audit_seq
    assert json.loads(entry.details)["deleted"] == {"line_counts": 1, "runs": 1, "trajectories": 1}
    assert store.audit.verify().ok

    again = sweep(
        store, as_loaded(spec), now
    )  # nothing left to expire: no audit noise from the runtime
    assert again.total_deleted == 0 and again.audit_seq is None


def test_expired_trajectories_are_aggregated_then_deleted(store: Store) -> None:
    spec = deployment(
        "flow", trajectories={"data_class": "personal", "retention": "7d", "at_expiry": "aggregate"}
    )
    visits = [
        trajectory(
            T0 + timedelta(minutes=10 * i),
            dwell={"entrance": 10.0, "shelf_a": 60.0 * (i + 1)},
            transitions=((10.0, "entrance", "shelf_a"),),
        )
        for i in range(3)
    ]
    kept = trajectory(T0 + 6 * D)
    store.write([*visits, kept])

    report = sweep(store, as_loaded(spec), T0 + 8 * D)

    assert report.deleted["trajectories"] == 3
    assert [t.visit_id for t in store.read(Trajectory)] == [kept.visit_id]
    windows = {w.zone: w for w in store.read(FlowWindow)}
    assert set(windows) == {"entrance", "shelf_a"}
    assert (windows["entrance"].visits, windows["entrance"].total_dwell_s) == (3, 30.0)
    assert (windows["shelf_a"].visits, windows["shelf_a"].total_dwell_s) == (3, 360.0)
    assert windows["shelf_a"].mean_dwell_s == 120.0
    # One hour window (the flow case's default), aligned in Asia/Tokyo, holding the visits.
    assert (windows["entrance"].window_start, windows["entrance"].window_end) == (
        T0,
        T0 + 3600 * timedelta(seconds=1),
    )
    (moves,) = store.read(ZoneTransitionCount)
    assert (moves.from_zone, moves.to_zone, moves.count) == ("entrance", "shelf_a", 3)
    assert report.folded == {"flow_windows": 2, "zone_transitions": 1}


def test_aggregates_the_case_already_wrote_are_not_counted_twice(store: Store) -> None:
    spec = deployment(
        "flow", trajectories={"data_class": "personal", "retention": "7d", "at_expiry": "aggregate"}
    )
    case_window = FlowWindow(
        window_start=T0,
        window_end=T0 + timedelta(minutes=30),
        camera_id="shop",
        zone="entrance",
        visits=1,
        total_dwell_s=10.0,
    )
    visit = trajectory(T0 + timedelta(minutes=5), dwell={"entrance": 10.0, "shelf_a": 60.0})
    store.write([case_window, visit])

    sweep(store, as_loaded(spec), T0 + 8 * D)

    windows = sorted(store.read(FlowWindow), key=lambda w: w.zone)
    assert [(w.zone, w.visits) for w in windows] == [("entrance", 1), ("shelf_a", 1)]
    with store.engine.connect() as connection:
        flags = dict(
            connection.execute(select(flow_windows.c.zone, flow_windows.c.folded_at_expiry)).all()
        )
    assert flags == {"entrance": False, "shelf_a": True}


def test_a_later_sweep_adds_to_the_rows_an_earlier_one_folded(store: Store) -> None:
    spec = deployment(
        "flow", trajectories={"data_class": "personal", "retention": "1d", "at_expiry": "aggregate"}
    )
    first = trajectory(T0, seconds=60, dwell={"entrance": 5.0})
    second = trajectory(T0 + timedelta(minutes=20), seconds=6 * 3600, dwell={"entrance": 7.0})
    store.write([first, second])
    sweep(store, as_loaded(spec), T0 + D + timedelta(hours=1))  # only the first visit has expired
    sweep(store, as_loaded(spec), T0 + 2 * D)
    (window,) = store.read(FlowWindow)
    assert (window.visits, window.total_dwell_s) == (2, 12.0)
    assert store.count(Trajectory) == 0


def _raw_bytes(db: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
        if path.exists()
    }


@pytest.mark.parametrize("close_first", [False, True])
def test_purged_rows_leave_no_residue_in_the_sqlite_files(
    sqlite_store: Store, close_first: bool
) -> None:
    store = sqlite_store
    spec = deployment(
        "flow",
        trajectories={"data_class": "personal", "retention": "7d", "at_expiry": "delete"},
        statistics={"retention": "30d"},
    )
    marker = "RESIDUE-MARKER-7f3a9c"
    expired = [line_count(T0, camera_id=f"{marker}-{i}", count=i) for i in range(300)]
    visits = [
        trajectory(T0, camera_id=f"{marker}-cam", dwell={f"{marker}-zone": 5.0}) for _ in range(50)
    ]
    fresh = [line_count(T0 + 35 * D, camera_id="gate", count=i) for i in range(300)]
    store.write([*expired, *visits])
    store.write(fresh)
    with store.engine.connect() as connection:  # let part of it reach the main file too
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        connection.rollback()
    store.write([line_count(T0, camera_id=f"{marker}-late")])  # and part stay in the WAL
    before = _raw_bytes(store.path)
    assert any(marker.encode() in data for data in before.values()), "marker never reached disk"

    report = sweep(store, as_loaded(spec), T0 + 40 * D)
    assert report.deleted["line_counts"] == 301 and report.deleted["trajectories"] == 50
    if close_first:
        store.close()
    after = _raw_bytes(store.path)
    for name, data in after.items():
        assert marker.encode() not in data, f"deleted data left in {name}"
    assert store.path.name in after
    if not close_first:
        assert len(after.get(store.path.name + "-wal", b"")) == 0  # truncated, not just reset
    with Store.open(str(store.path)) as reopened, reopened.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert reopened.count(LineCount) == 300


@pytest.mark.parametrize(
    "key", sorted(k for k, v in RETENTION.items() if v.ceiling and k != "raw_images")
)
@pytest.mark.parametrize("beyond", [-timedelta(seconds=1), timedelta(0), timedelta(seconds=1)])
def test_sweep_quarantine_assessment_and_checks_agree_where_the_ceiling_cuts(
    key: str, beyond: timedelta
) -> None:
    ceiling = RETENTION[key].ceiling
    assert ceiling is not None
    declared = ceiling + beyond
    spec = deployment("flow", **{key: {"data_class": "personal", "retention": declared}})
    effective = effective_retention(key, declared)
    assert effective.clamped is (beyond > timedelta(0))
    assert effective.period == min(declared, ceiling)

    item = spec.data_item(key)
    assert item is not None
    assert (retention_status(item) == "above_ceiling") is effective.clamped
    findings = list(retention_ceilings.check(spec, None))
    assert bool(findings) is effective.clamped
    if key == "quarantine":
        assert Quarantine("q", retention=declared).retention == effective.period
    elif key in retention_rules(spec):
        rule = retention_rules(spec)[key]
        assert (rule.period, rule.capped) == (effective.period, effective.clamped)
