"""One camera's instants are stored once (issue 8 item 11): coverage that overlaps a stored
span is refused whole, and `replace` deletes and rewrites a span in one audited transaction."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from privacam.records import Coverage, LineCount, Trajectory
from privacam.store import CoverageOverlap, Store, refuse_observed

from .conftest import T0, line_count, trajectory

M = timedelta(minutes=1)


def window(start, *, camera_id="gate", count=5, minutes=15) -> list:
    """What a run writes when a window closes: its records and its coverage span."""
    return [
        line_count(start, camera_id=camera_id, count=count),
        Coverage(camera_id=camera_id, start=start, end=start + minutes * M),
    ]


def test_coverage_overlapping_a_stored_span_of_the_same_camera_is_refused_whole(
    store: Store,
) -> None:
    store.write(window(T0, count=5), run_id="first")
    with pytest.raises(CoverageOverlap) as refused:
        store.write(window(T0 + 5 * M, count=7), run_id="second")
    message = str(refused.value)
    assert "camera gate" in message and "first" in message and "--replace" in message
    assert "カメラ gate" in message and len(message.splitlines()) == 1
    assert refused.value.exit_code == 2
    assert [c.count for c in store.read(LineCount)] == [5]  # nothing of the batch was written
    assert store.count(Coverage) == 1


def test_adjacent_spans_and_other_cameras_are_not_overlaps(store: Store) -> None:
    store.write(window(T0), run_id="first")
    store.write(window(T0 + 15 * M), run_id="second")  # starts where the first ended
    store.write(window(T0, camera_id="exit"), run_id="second")
    assert store.count(Coverage) == 3


def test_a_one_frame_span_at_a_stored_instant_is_an_overlap(store: Store) -> None:
    store.write([Coverage(camera_id="gate", start=T0, end=T0)], run_id="first")
    with pytest.raises(CoverageOverlap):
        store.write([Coverage(camera_id="gate", start=T0, end=T0)], run_id="second")
    with pytest.raises(CoverageOverlap):
        refuse_observed(store, "gate", T0 - M, T0 + M)
    refuse_observed(store, "gate", T0 + M, T0 + 2 * M)  # after it: free


def test_replace_deletes_and_rewrites_the_span_in_one_audited_transaction(
    store: Store,
) -> None:
    old_visit = trajectory(T0 + 2 * M, camera_id="gate")
    store.write([*window(T0, count=5), old_visit], run_id="first")
    store.write(window(T0 + 15 * M, count=6), run_id="first")

    store.write(window(T0, count=9), run_id="second", replace=True)

    assert sorted(c.count for c in store.read(LineCount)) == [6, 9]
    assert store.count(Trajectory) == 0  # the old run's visit in that span went with it
    assert [(c["start"], c["run_id"]) for c in store.rows(Coverage)] == [
        (T0, "second"),
        (T0 + 15 * M, "first"),
    ]
    (entry,) = [e for e in store.audit.entries() if e.action == "records.replace"]
    details = json.loads(entry.details)
    assert entry.subject == "gate" and details["run_id"] == "second"
    assert details["deleted"] == {"line_counts": 1, "trajectories": 1, "coverage": 1}
    assert store.audit.verify().ok


def test_a_replace_that_fails_keeps_the_old_records(store: Store) -> None:
    store.write(window(T0, count=5), run_id="first")
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.write(window(T0, count=9), run_id="second", replace=True)
        raise RuntimeError("killed before the commit")
    assert [c.count for c in store.read(LineCount)] == [5]
    assert [e.action for e in store.audit.entries()] == []


def test_replace_keeps_what_the_replacing_run_wrote_itself(store: Store) -> None:
    store.write(window(T0, count=5, minutes=30), run_id="first")
    visit = trajectory(T0 + 10 * M, camera_id="gate")  # written by the new run mid-window
    store.write([visit], run_id="second")
    store.write(window(T0, count=9), run_id="second", replace=True)
    store.write(window(T0 + 15 * M, count=4), run_id="second", replace=True)
    assert sorted(c.count for c in store.read(LineCount)) == [4, 9]
    assert [t.visit_id for t in store.read(Trajectory)] == [visit.visit_id]
