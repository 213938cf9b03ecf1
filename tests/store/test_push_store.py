"""What an edge pushes, the outbox written with its window, and ingest by stable id."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from privacam.records import (
    RECORD_KINDS,
    CrowdInterval,
    HeatmapWindow,
    LineCount,
    RepeatVisit,
    RepeatVisitWindow,
    Trajectory,
    new_visit_id,
)
from privacam.store import Store
from privacam.store.ingest import PushedRecord, ingest
from privacam.store.outbox import Outbox, enqueue
from privacam.store.push_kinds import NATURAL_KEYS, PUSHED_KINDS, push_id
from privacam.store.push_tables import push_outbox
from privacam.store.tables import table_for

T0 = datetime(2026, 4, 1, tzinfo=UTC)


def count(n: int = 5, start: datetime = T0, line: str = "L1") -> LineCount:
    return LineCount(
        window_start=start,
        window_end=start + timedelta(minutes=15),
        camera_id="cam1",
        line=line,
        direction="in",
        class_name="person",
        count=n,
    )


def test_only_window_statistics_are_pushed_never_personal_data_or_runs() -> None:
    never = set(RECORD_KINDS) - set(PUSHED_KINDS)
    assert never == {"trajectories", "repeat_visits", "runs"}
    assert set(NATURAL_KEYS) == set(PUSHED_KINDS)


def test_a_record_id_is_stable_across_values_and_differs_by_window_line_and_edge() -> None:
    first = push_id("edge-a", count(5))
    assert push_id("edge-a", count(9)) == first  # same window cell, new value: same id
    assert push_id("edge-a", count(5, start=T0 + timedelta(minutes=15))) != first
    assert push_id("edge-a", count(5, line="L2")) != first
    assert push_id("edge-b", count(5)) != first


def test_personal_records_have_no_push_id() -> None:
    visit = Trajectory(visit_id=new_visit_id(), camera_id="cam1", started_at=T0, ended_at=T0)
    with pytest.raises(ValueError, match="never pushed"):
        push_id("edge-a", visit)


def repeat_batch() -> list:
    visit = RepeatVisit(
        visit_id=new_visit_id(),
        visitor_id=new_visit_id(),
        store_id="shop",
        camera_id="cam1",
        seen_at=T0 + timedelta(minutes=1),
        repeat=True,
    )
    window = RepeatVisitWindow(
        window_start=T0,
        window_end=T0 + timedelta(hours=1),
        camera_id="cam1",
        store_id="shop",
        visits=1,
        repeat_visits=1,
        new_visitors=0,
    )
    return [visit, window]


def test_a_repeat_window_enqueues_its_statistics_but_no_visitor_id(sqlite_store: Store) -> None:
    visit, window = repeat_batch()
    with sqlite_store.transaction() as tx:
        tx.write([visit, window])
        assert enqueue(tx, "shop-edge", [visit, window], now=T0) == 1
    with sqlite_store.engine.connect() as connection:
        texts = [row.record for row in connection.execute(select(push_outbox))]
    assert len(texts) == 1 and '"repeat_visits": 1' in texts[0]
    assert visit.visitor_id not in texts[0] and visit.visit_id not in texts[0]


def test_outbox_rows_roll_back_with_their_window(sqlite_store: Store) -> None:
    with pytest.raises(RuntimeError), sqlite_store.transaction() as tx:
        tx.write([count()])
        enqueue(tx, "edge-a", [count()], now=T0)
        raise RuntimeError("the process dies before the commit")
    assert Outbox(sqlite_store).backlog().rows == 0
    assert sqlite_store.count(LineCount) == 0


def test_backlog_counts_pending_rows_and_the_oldest(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as tx:
        enqueue(tx, "edge-a", [count(1)], now=T0)
        enqueue(tx, "edge-a", [count(2, line="L2")], now=T0 + timedelta(minutes=5))
    outbox = Outbox(sqlite_store)
    first, second = outbox.pending(10)
    outbox.mark_failed([first.seq], "HTTP 503")
    backlog = outbox.backlog()
    assert (backlog.rows, backlog.oldest) == (2, T0)
    outbox.mark_sent([first.seq], now=T0)
    outbox.mark_rejected([second.seq], "HTTP 422")
    backlog = outbox.backlog()
    assert (backlog.rows, backlog.oldest, backlog.rejected, backlog.sent) == (0, None, 1, 1)


def pushed(*records) -> list[PushedRecord]:
    return [PushedRecord(push_id("edge-a", r), r) for r in records]


def test_ingest_twice_stores_each_record_once(store: Store) -> None:
    batch = pushed(count(5), count(3, line="L2"))
    first = ingest(store, batch, actor="token:node1")
    again = ingest(store, batch, actor="token:node1")
    assert (first.accepted, first.already_present) == (2, 0)
    assert (again.accepted, again.already_present) == (0, 2)
    assert sorted(c.count for c in store.read(LineCount)) == [3, 5]


def test_ingest_replaces_a_window_pushed_again_with_new_values(store: Store) -> None:
    ingest(store, pushed(count(5)), actor="token:node1")
    report = ingest(store, pushed(count(8)), actor="token:node1")
    assert (report.accepted, report.replaced) == (0, 1)
    assert [c.count for c in store.read(LineCount)] == [8]


def test_ingest_keeps_grids_and_audits_the_node(store: Store) -> None:
    grid = HeatmapWindow(
        window_start=T0,
        window_end=T0 + timedelta(minutes=15),
        camera_id="cam1",
        rows=2,
        cols=2,
        counts=((1, 0), (0, 4)),
    )
    crowd = CrowdInterval(
        window_start=T0,
        window_end=T0 + timedelta(minutes=1),
        camera_id="cam1",
        area="hall",
        moving=3,
        still=2,
        congestion_level=1,
    )
    ingest(store, pushed(grid, crowd), actor="token:node1")
    assert store.read(HeatmapWindow) == [grid]
    assert store.read(CrowdInterval) == [crowd]
    entry = list(store.audit.entries())[-1]
    details = json.loads(entry.details)
    assert (entry.action, entry.actor, details["records"]) == ("push.ingest", "token:node1", 2)
    with store.engine.connect() as connection:
        ids = connection.execute(select(table_for(CrowdInterval).c.push_id)).scalars().all()
    assert ids == [push_id("edge-a", crowd)]


def test_ingest_refuses_a_personal_record(sqlite_store: Store) -> None:
    visit, _ = repeat_batch()
    with pytest.raises(ValueError, match="never pushed"):
        ingest(sqlite_store, [PushedRecord("x", visit)], actor="token:node1")
    assert sqlite_store.count(RepeatVisit) == 0


def test_a_record_changed_in_one_field_is_not_already_present(sqlite_store: Store) -> None:
    original = count(5)
    ingest(sqlite_store, pushed(original), actor="token:n")
    changed = dataclasses.replace(original, count=6)
    assert ingest(sqlite_store, pushed(changed), actor="token:n").replaced == 1


def test_sent_rows_are_pruned_after_a_while_and_pending_ones_never(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as tx:
        enqueue(tx, "edge-a", [count(1), count(2, line="L2"), count(3, line="L3")], now=T0)
    outbox = Outbox(sqlite_store)
    first, second, _ = outbox.pending(10)
    outbox.mark_sent([first.seq], now=T0)
    outbox.mark_sent([second.seq], now=T0 + timedelta(days=2))
    assert outbox.prune_sent(T0 + timedelta(days=1)) == 1
    backlog = outbox.backlog()
    assert (backlog.rows, backlog.sent) == (1, 1)
