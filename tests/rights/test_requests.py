"""The request log: its state machine, deadlines, the identity check and the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from privacam.rights.requests import (
    RequestKind,
    RequestLog,
    RequestState,
    RequestStateError,
    response_due,
)
from privacam.store import Store

from .conftest import T0


@pytest.fixture
def log(store: Store, spec, clock) -> RequestLog:
    return RequestLog(store, spec, clock=clock)


def actions(store: Store) -> list[tuple[str, str]]:
    return [(e.action, e.subject) for e in store.audit.entries()]


def test_a_request_goes_from_received_to_completed_with_every_step_audited(log, store, clock):
    request = log.receive(RequestKind.disclosure, reference="T-1")
    clock.now += timedelta(hours=1)
    log.check_identity(request.request_id, method="photo ID at the counter")
    clock.now += timedelta(hours=1)
    log.start(request.request_id)
    clock.now += timedelta(days=2)
    done = log.complete(request.request_id, outcome={"visits": 3})
    assert done.state == RequestState.completed and done.closed_at == clock.now
    assert done.identity_method == "photo ID at the counter"
    assert done.outcome == {"visits": 3}
    assert [e.state for e in log.history(request.request_id)] == list(RequestState)[:4]
    assert [e.at for e in log.history(request.request_id)][-1] == clock.now
    rid = request.request_id
    assert actions(store) == [
        ("request.received", rid),
        ("request.identity_checked", rid),
        ("request.in_progress", rid),
        ("request.completed", rid),
    ]
    assert store.verify_audit().ok


def test_the_response_deadline_comes_from_requests_response_days(spec) -> None:
    assert spec.requests.response_days == 14
    due = response_due(T0, spec)  # received 1 April, 10:00 in Tokyo
    assert due == datetime(2026, 4, 15, 23, 59, 59, tzinfo=ZoneInfo("Asia/Tokyo"))
    shorter = spec.model_copy(
        update={"requests": spec.requests.model_copy(update={"response_days": 3})}
    )
    assert response_due(T0, shorter).date().isoformat() == "2026-04-04"


def test_a_request_cannot_skip_the_identity_check(log) -> None:
    request = log.receive("deletion")
    with pytest.raises(RequestStateError, match="identity check"):
        log.start(request.request_id)
    assert log.get(request.request_id).state == RequestState.received


def test_a_duplicate_request_cannot_skip_the_identity_check(log, store) -> None:
    first = log.receive("deletion", reference="T-7")
    log.check_identity(first.request_id, method="photo ID")
    log.start(first.request_id)
    again = log.receive("deletion", reference="T-7")
    assert again.duplicate_of == first.request_id
    with pytest.raises(RequestStateError, match="duplicates request") as refused:
        log.start(again.request_id)
    assert refused.value.exit_code == 2
    log.check_identity(again.request_id, method="photo ID, second time")
    assert log.start(again.request_id).state == RequestState.in_progress
    assert store.verify_audit().ok


def test_a_closed_request_cannot_move_again(log) -> None:
    request = log.receive("stop_use")
    log.refuse(request.request_id, reason="the requester could not be identified")
    with pytest.raises(RequestStateError, match="refused"):
        log.check_identity(request.request_id, method="photo ID")
    refused = log.get(request.request_id)
    assert refused.outcome == {"refusal_reason": "the requester could not be identified"}
    assert not refused.is_open


def test_an_identity_check_needs_its_method(log) -> None:
    request = log.receive("opt_out")
    with pytest.raises(Exception, match="identity was verified"):
        log.check_identity(request.request_id, method="  ")


def test_an_unknown_kind_or_request_is_refused_in_one_line(log) -> None:
    with pytest.raises(Exception, match="unknown request kind 'erase'"):
        log.receive("erase")
    with pytest.raises(Exception, match="no request nope"):
        log.start("nope")


def test_open_requests_are_listed_oldest_first(log, clock) -> None:
    first = log.receive("disclosure")
    clock.now += timedelta(minutes=5)
    second = log.receive("deletion")
    log.refuse(first.request_id, reason="withdrawn")
    assert [r.request_id for r in log.requests()] == [first.request_id, second.request_id]
    assert [r.request_id for r in log.requests(open_only=True)] == [second.request_id]
