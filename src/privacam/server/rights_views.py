"""What the request and incident routes share: the registers of the context, a request or
an incident by id (404 when unknown), the rights layer's refusals as HTTP errors, and the
JSON shapes of the API (the pages show the same fields).

A request's JSON carries no personal data: its state, dates, deadline and the outcome's
counts. The requester's contact is shown on the officer's page only, and audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import HTTPException, status

from privacam.errors import InputError
from privacam.policy.incidents import IncidentDecision, Reason, summary
from privacam.rights.incidents import NARRATIVE_FIELDS, Incident, IncidentRegister
from privacam.rights.requests import RequestLog, RequestStateError, RightsRequest
from privacam.server.access import Principal
from privacam.server.context import ServerContext


def request_log(context: ServerContext) -> RequestLog:
    return RequestLog(context.store, context.spec, clock=context.clock)


def incident_register(context: ServerContext) -> IncidentRegister:
    return IncidentRegister(context.store, context.spec, clock=context.clock)


def not_found(what_ja: str, what_en: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"{what_ja}はありません / no such {what_en}")


def get_request(log: RequestLog, request_id: str) -> RightsRequest:
    try:
        return log.get(request_id)
    except InputError:
        raise not_found("依頼", "request") from None


def get_incident(register: IncidentRegister, incident_id: str) -> Incident:
    try:
        return register.get(incident_id)
    except InputError:
        raise not_found("インシデント", "incident") from None


#: The longest free text an officer enters (a method, a reason, an incident's item).
MAX_TEXT = 10_000


def plain_texts(*values: str | None) -> None:
    """400 for a text no register column can hold: a NUL character (PostgreSQL refuses it
    in text) or more than :data:`MAX_TEXT` characters."""
    for value in values:
        if value is not None and ("\x00" in value or len(value) > MAX_TEXT):
            raise HTTPException(
                status.HTTP_400_BAD_REQUEST,
                f"文字列に使えない文字が含まれるか、{MAX_TEXT} 文字を超えています / a text holds a "
                f"NUL character or is longer than {MAX_TEXT} characters",
            )


@contextmanager
def refusals() -> Iterator[None]:
    """The rights layer's refusals as HTTP errors: a step out of order is a 409 (conflict
    with the request's state), any other bad input a 400; the message is the layer's own."""
    try:
        yield
    except RequestStateError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
    except InputError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from None


def local_time(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def is_overdue(request: RightsRequest, now: datetime) -> bool:
    """Still open past its response deadline."""
    return request.is_open and request.due_at < now


def request_json(request: RightsRequest, now: datetime) -> dict[str, Any]:
    return {
        "request_id": request.request_id,
        "kind": request.kind.value,
        "state": request.state.value,
        "received_at": request.received_at.isoformat(),
        "due_at": request.due_at.isoformat(),
        "overdue": is_overdue(request, now),
        "closed_at": request.closed_at.isoformat() if request.closed_at else None,
        "duplicate_of": request.duplicate_of,
        "identity_method": request.identity_method,
        "outcome": dict(request.outcome),
    }


def incident_json(incident: Incident) -> dict[str, Any]:
    def iso(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return {
        "incident_id": incident.incident_id,
        "summary": incident.summary,
        "cause": incident.cause,
        "data_items": list(incident.data_items),
        "data_classes": list(incident.data_classes),
        "people": incident.people,
        "encryption": incident.encryption,
        "key_leaked": incident.key_leaked,
        "sensitive": incident.sensitive,
        "financial_harm": incident.financial_harm,
        "wrongful_purpose": incident.wrongful_purpose,
        "occurred_at": iso(incident.occurred_at),
        "discovered_at": iso(incident.discovered_at),
        "recorded_at": iso(incident.recorded_at),
        "assessed_at": iso(incident.assessed_at),
        "reportable": incident.reportable,
        **{name: getattr(incident, name) for name in NARRATIVE_FIELDS},
    }


def actor_of(who: Principal) -> str:
    """The audit actor of a signed-in caller, as :func:`~privacam.server.context.audit_access`
    writes it."""
    return f"{who.kind}:{who.name}"


def decision_json(decision: IncidentDecision) -> dict[str, Any]:
    """Reportability with its reasons and deadlines (APPI 第26条)."""

    def reason(found: Reason) -> dict[str, Any]:
        return {"code": found.code, "basis": found.basis, "text": dict(found.text.root)}

    return {
        "reportable": decision.reportable,
        "summary": dict(summary(decision).root),
        "reasons": [reason(found) for found in decision.reasons],
        "exemption": reason(decision.exemption) if decision.exemption else None,
        "preliminary_due": decision.preliminary_due.isoformat()
        if decision.preliminary_due
        else None,
        "final_due": decision.final_due.isoformat() if decision.final_due else None,
    }
