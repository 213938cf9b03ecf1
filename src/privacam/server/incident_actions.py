"""The privacy officer's steps on an incident, shared by the pages and the API: record,
assess (reportability with reasons and deadlines), and draft the reports, each audited by
the incident register with the officer as the actor, and every read with :func:`audit_access`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import HTTPException, status

from privacam.errors import InputError
from privacam.policy.incidents import IncidentDecision, assess
from privacam.rights.incident_drafts import DraftStage, open_items, render_draft
from privacam.rights.incidents import Incident
from privacam.server.access import Principal
from privacam.server.context import ServerContext, audit_access
from privacam.server.rights_views import (
    actor_of,
    get_incident,
    incident_register,
    plain_texts,
    refusals,
)

#: The register's column is a 32-bit integer.
MAX_PEOPLE = 2**31 - 1


@dataclass(frozen=True)
class IncidentFacts:
    """What the officer enters for a new incident (times as ISO 8601, local if naive)."""

    summary: str
    cause: str
    data_items: Sequence[str]
    people: int
    discovered: str
    occurred: str | None = None
    encryption: str | None = None
    key_leaked: bool = False
    sensitive: bool = False
    financial_harm: bool = False
    wrongful_purpose: bool = False


def parse_time(value: str | None, zone: str, what: str) -> datetime | None:
    """An ISO 8601 time; one without an offset is the deployment's local time."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{what} の日時 {value!r} を読めません / {what}: {value!r} is not a date and time "
            "(ISO 8601, e.g. 2026-04-01T10:00)"
        ) from None
    if not 1900 <= moment.year <= 9000:  # the deadlines are computed from it
        raise InputError(
            f"{what} の日時 {value!r} は範囲外です / {what}: {value!r} is out of range"
        )
    return moment.replace(tzinfo=ZoneInfo(zone)) if moment.tzinfo is None else moment


def record(context: ServerContext, who: Principal, facts: IncidentFacts) -> Incident:
    zone = context.spec.timezone
    plain_texts(facts.summary, facts.cause, facts.encryption, *facts.data_items)
    with refusals():
        if facts.people > MAX_PEOPLE:
            raise InputError(f"本人の数が大きすぎます / more than {MAX_PEOPLE:,} people")
        discovered = parse_time(facts.discovered, zone, "discovered")
        if discovered is None:
            raise InputError("発覚日時を入力してください / enter when the incident was discovered")
        return incident_register(context).record(
            summary=facts.summary.strip(),
            cause=facts.cause.strip(),
            data_items=list(facts.data_items),
            people=facts.people,
            discovered_at=discovered,
            occurred_at=parse_time(facts.occurred, zone, "occurred"),
            encryption=(facts.encryption or "").strip() or None,
            key_leaked=facts.key_leaked,
            sensitive=facts.sensitive,
            financial_harm=facts.financial_harm,
            wrongful_purpose=facts.wrongful_purpose,
            actor=actor_of(who),
        )


def view(
    context: ServerContext, who: Principal, incident_id: str
) -> tuple[Incident, IncidentDecision]:
    """The incident and the decision the law gives its facts now (audited)."""
    incident = get_incident(incident_register(context), incident_id)
    audit_access(context, who, "incident.view", incident_id)
    return incident, assess(incident.facts, context.spec.timezone)


def assess_incident(context: ServerContext, who: Principal, incident_id: str) -> IncidentDecision:
    register = incident_register(context)
    get_incident(register, incident_id)
    return register.assess(incident_id, actor=actor_of(who))


def draft(
    context: ServerContext, who: Principal, incident_id: str, stage: str
) -> tuple[str, list[int]]:
    """The draft of ``stage`` (Markdown, ja/en) and the report items still open."""
    try:
        chosen = DraftStage(stage)
    except ValueError:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            "下書きの種類は preliminary, final, notice のいずれかです / no such draft; use "
            "preliminary, final or notice",
        ) from None
    register = incident_register(context)
    incident = get_incident(register, incident_id)
    text = render_draft(incident, context.spec, chosen)
    register.audit_draft(incident_id, chosen.value, actor=actor_of(who))
    return text, [item.number for item in open_items(incident, context.spec)]


def update(
    context: ServerContext, who: Principal, incident_id: str, items: dict[str, str | None]
) -> Incident:
    """Fill in items 5-9 of the report (blank fields are left as they are)."""
    register = incident_register(context)
    get_incident(register, incident_id)
    plain_texts(*items.values())
    changes = {name: value.strip() for name, value in items.items() if value and value.strip()}
    with refusals():
        return register.update(incident_id, actor=actor_of(who), **changes)
