"""The request log: disclosure, stop-use, deletion and opt-out requests as a state machine.

A request moves ``received → identity_checked → in_progress → completed``, or to
``refused`` from any open state; nothing else. Each step is one transaction that
updates the request, appends a row to its state history and an audit entry
(``request.<state>``), so the log, its history and the audit chain never disagree.

The identity check is a step of its own that every request passes: a request for
the same reference and kind as an earlier one is recorded as its duplicate, and
still cannot skip to ``in_progress`` (a check done for one request proves nothing
about who sent the next). The response deadline is the end of the day
``requests.response_days`` after the day of receipt, in the deployment's time zone
(APPI 第33条, 第35条: the operator answers without delay; the file fixes how long).

No personal data of the requester is kept in the log: ``reference`` is the operator's
ticket number, and the identity check is recorded by its method. A request made on the
web holds its requester's contact and photo sealed beside it
(:mod:`privacam.store.request_items`) only while it is open: the step that closes it
(completed or refused) shreds them in the same transaction, whichever tool takes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select, update

from privacam.errors import InputError
from privacam.policy.incidents import end_of_day
from privacam.policy.spec import Deployment
from privacam.rights.ledger import Ledger
from privacam.store import StoreTransaction
from privacam.store.audit import default_actor
from privacam.store.ledger_tables import rights_request_events, rights_requests
from privacam.store.request_items import shred_items

#: What a web request holds of its requester: shredded when the request closes.
REQUESTER_ITEMS = ("contact", "photo")


class RequestKind(StrEnum):
    disclosure = "disclosure"  # 開示 (APPI 第33条)
    stop_use = "stop_use"  # 利用停止 (APPI 第35条)
    deletion = "deletion"  # 消去 (APPI 第35条)
    opt_out = "opt_out"  # 以後の解析の拒否 (case ③)


class RequestState(StrEnum):
    received = "received"
    identity_checked = "identity_checked"
    in_progress = "in_progress"
    completed = "completed"
    refused = "refused"


#: state → the states a request may move to from it.
TRANSITIONS: dict[RequestState, frozenset[RequestState]] = {
    RequestState.received: frozenset({RequestState.identity_checked, RequestState.refused}),
    RequestState.identity_checked: frozenset({RequestState.in_progress, RequestState.refused}),
    RequestState.in_progress: frozenset({RequestState.completed, RequestState.refused}),
    RequestState.completed: frozenset(),
    RequestState.refused: frozenset(),
}

_STATE_NAMES = {
    RequestState.received: "受付済み",
    RequestState.identity_checked: "本人確認済み",
    RequestState.in_progress: "対応中",
    RequestState.completed: "完了",
    RequestState.refused: "不対応",
}


class RequestStateError(InputError):
    """A step the state machine does not allow (exit 2: the command asked for it)."""


@dataclass(frozen=True)
class RequestEvent:
    """One step of a request's state history."""

    state: RequestState
    at: datetime
    actor: str
    note: str


@dataclass(frozen=True)
class RightsRequest:
    request_id: str
    kind: RequestKind
    state: RequestState
    received_at: datetime
    due_at: datetime
    reference: str | None = None
    duplicate_of: str | None = None
    identity_method: str | None = None
    closed_at: datetime | None = None
    outcome: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return bool(TRANSITIONS[self.state])


def response_due(received_at: datetime, spec: Deployment) -> datetime:
    """The end of the day ``requests.response_days`` after the day of receipt, local time."""
    zone = ZoneInfo(spec.timezone)
    day = received_at.astimezone(zone).date() + timedelta(days=spec.requests.response_days)
    return end_of_day(day, zone)


class RequestLog(Ledger):
    """The requests of one deployment's store; every step audited (see the module)."""

    def receive(
        self,
        kind: RequestKind | str,
        *,
        reference: str | None = None,
        received_at: datetime | None = None,
        note: str = "",
        actor: str | None = None,
        within: Callable[[StoreTransaction, str], None] | None = None,
    ) -> RightsRequest:
        """Log a new request as ``received``, with its response deadline.

        ``within(tx, request_id)`` runs in the same transaction (the web form seals the
        requester's items and the status token's hash there: all or nothing)."""
        kind = _kind(kind)
        received_at = received_at or self.clock()
        request_id = str(uuid.uuid4())
        with self.store.transaction() as tx:
            duplicate_of = self._earlier(tx, kind, reference)
            row = {
                "request_id": request_id,
                "kind": kind.value,
                "state": RequestState.received.value,
                "received_at": received_at,
                "due_at": response_due(received_at, self.spec),
                "reference": reference,
                "duplicate_of": duplicate_of,
                "outcome": {},
            }
            tx.connection.execute(rights_requests.insert().values(**row))
            self._history(tx, request_id, RequestState.received, received_at, note, actor)
            if within is not None:
                within(tx, request_id)
            tx.audit(
                "request.received",
                request_id,
                {"kind": kind.value, "due_at": row["due_at"], "duplicate_of": duplicate_of},
                actor=actor,
            )
        return self.get(request_id)

    def check_identity(
        self, request_id: str, *, method: str, note: str = "", actor: str | None = None
    ) -> RightsRequest:
        """Record the identity check (how the requester was verified) as its own step."""
        if not method.strip():
            raise InputError(
                "本人確認の方法を記入してください / say how the requester's identity was "
                "verified (--method), e.g. 'photo ID at the counter'"
            )
        return self._move(
            request_id,
            RequestState.identity_checked,
            note=note,
            actor=actor,
            values={"identity_method": method.strip()},
        )

    def start(self, request_id: str, *, note: str = "", actor: str | None = None) -> RightsRequest:
        return self._move(request_id, RequestState.in_progress, note=note, actor=actor)

    def complete(
        self,
        request_id: str,
        *,
        outcome: Mapping[str, Any] | None = None,
        note: str = "",
        actor: str | None = None,
    ) -> RightsRequest:
        return self._move(
            request_id, RequestState.completed, note=note, actor=actor, outcome=outcome
        )

    def refuse(
        self, request_id: str, *, reason: str, note: str = "", actor: str | None = None
    ) -> RightsRequest:
        if not reason.strip():
            raise InputError("不対応の理由を記入してください / give the reason of the refusal")
        return self._move(
            request_id,
            RequestState.refused,
            note=note or reason,
            actor=actor,
            outcome={"refusal_reason": reason.strip()},
        )

    def _move(
        self,
        request_id: str,
        to: RequestState,
        *,
        note: str,
        actor: str | None,
        values: Mapping[str, Any] | None = None,
        outcome: Mapping[str, Any] | None = None,
    ) -> RightsRequest:
        at = self.clock()
        with self.store.transaction() as tx:
            current = self._load(tx.connection, request_id)
            refuse_step(current, to)
            changes: dict[str, Any] = {"state": to.value, **(values or {})}
            if not TRANSITIONS[to]:
                changes["closed_at"] = at
            if outcome is not None:
                changes["outcome"] = {**current.outcome, **outcome}
            tx.connection.execute(
                update(rights_requests)
                .where(rights_requests.c.request_id == request_id)
                .values(**changes)
            )
            self._history(tx, request_id, to, at, note, actor)
            details: dict[str, Any] = {"kind": current.kind.value, "from": current.state.value}
            if outcome:
                details["outcome"] = dict(outcome)
            if not TRANSITIONS[to] and (gone := shred_items(tx, request_id, names=REQUESTER_ITEMS)):
                details["shredded"] = gone
            tx.audit(f"request.{to.value}", request_id, details, actor=actor)
        return self.get(request_id)

    def _history(
        self,
        tx: StoreTransaction,
        request_id: str,
        state: RequestState,
        at: datetime,
        note: str,
        actor: str | None,
    ) -> None:
        tx.connection.execute(
            rights_request_events.insert().values(
                request_id=request_id,
                state=state.value,
                at=at,
                actor=actor or default_actor(),
                note=note,
            )
        )

    def _earlier(
        self, tx: StoreTransaction, kind: RequestKind, reference: str | None
    ) -> str | None:
        if not reference:
            return None
        found = tx.connection.execute(
            select(rights_requests.c.request_id)
            .where(rights_requests.c.kind == kind.value, rights_requests.c.reference == reference)
            .order_by(rights_requests.c.received_at)
            .limit(1)
        ).scalar()
        return found

    def _load(self, connection: Connection, request_id: str) -> RightsRequest:
        row = connection.execute(
            select(rights_requests).where(rights_requests.c.request_id == request_id)
        ).first()
        if row is None:
            raise InputError(
                f"依頼 {request_id} はありません / no request {request_id}; "
                "`privacam rights list` shows them"
            )
        return _from_row(row._mapping)

    def get(self, request_id: str) -> RightsRequest:
        with self.store.engine.connect() as connection:
            return self._load(connection, request_id)

    def requests(self, *, open_only: bool = False) -> list[RightsRequest]:
        """Every request, oldest first (only the open ones with ``open_only``)."""
        with self.store.engine.connect() as connection:
            rows = connection.execute(
                select(rights_requests).order_by(rights_requests.c.received_at)
            )
            found = [_from_row(row._mapping) for row in rows]
        return [r for r in found if r.is_open] if open_only else found

    def history(self, request_id: str) -> list[RequestEvent]:
        self.get(request_id)  # an unknown id is an error, not an empty history
        with self.store.engine.connect() as connection:
            rows = connection.execute(
                select(rights_request_events)
                .where(rights_request_events.c.request_id == request_id)
                .order_by(rights_request_events.c.id)
            )
            return [RequestEvent(RequestState(r.state), r.at, r.actor, r.note) for r in rows]


def _from_row(m: Mapping[str, Any]) -> RightsRequest:
    return RightsRequest(
        request_id=m["request_id"],
        kind=RequestKind(m["kind"]),
        state=RequestState(m["state"]),
        received_at=m["received_at"],
        due_at=m["due_at"],
        reference=m["reference"],
        duplicate_of=m["duplicate_of"],
        identity_method=m["identity_method"],
        closed_at=m["closed_at"],
        outcome=dict(m["outcome"] or {}),
    )


def refuse_step(request: RightsRequest, to: RequestState) -> None:
    """Raise :class:`RequestStateError` unless ``request`` may move to ``to``."""
    if to in TRANSITIONS[request.state]:
        return
    if request.state == RequestState.received and to == RequestState.in_progress:
        duplicate = (
            f"（依頼 {request.duplicate_of} の重複ですが、本人確認は依頼ごとに必要です）"
            if request.duplicate_of
            else ""
        )
        duplicate_en = (
            f" (it duplicates request {request.duplicate_of}, but each request needs its own "
            "identity check)"
            if request.duplicate_of
            else ""
        )
        raise RequestStateError(
            f"依頼 {request.request_id} は本人確認がまだです{duplicate} / request "
            f"{request.request_id} has not passed the identity check{duplicate_en}; run "
            "`privacam rights check-identity` first"
        )
    raise RequestStateError(
        f"依頼 {request.request_id} は「{_STATE_NAMES[request.state]}」のため"
        f"「{_STATE_NAMES[to]}」にできません / request {request.request_id} is "
        f"{request.state.value}: it cannot become {to.value}"
    )


def _kind(kind: RequestKind | str) -> RequestKind:
    try:
        return RequestKind(kind)
    except ValueError:
        raise InputError(
            f"依頼の種類 {kind!r} は不明です / unknown request kind {kind!r}; use one of: "
            + ", ".join(k.value for k in RequestKind)
        ) from None
