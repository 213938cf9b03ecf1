"""``/api/v1/incidents``: the leak register for the privacy officer, as JSON (APPI 第26条).

List, record, one incident with the decision its facts get now, the stored assessment
(reportability with reasons and the report deadlines), and the drafts of the reports
to the PPC and of the notice to the people (Markdown, ja/en).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from privacam.server import incident_actions
from privacam.server.access import Principal, Role, allow
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.server.rights_views import decision_json, incident_json, incident_register

router = APIRouter(prefix="/api/v1/incidents", tags=["incidents"])

Officer = allow(Role.PRIVACY_OFFICER)


class NewIncident(BaseModel):
    summary: str = Field(description="What happened (item 1).")
    cause: str = Field(description="Why it happened, as far as known (item 4).")
    data_items: list[str] = Field(description="Data item keys of the deployment involved.")
    people: int = Field(ge=0, description="How many people's data is involved (item 3).")
    discovered_at: str = Field(description="ISO 8601; the deployment's zone when naive.")
    occurred_at: str | None = None
    encryption: str | None = Field(None, description="Cipher the data was under, if any.")
    key_leaked: bool = False
    sensitive: bool = False
    financial_harm: bool = False
    wrongful_purpose: bool = False


class ReportItems(BaseModel):
    """Items 5-9 of the report (Rule Art. 8(1)), filled in as they become known."""

    secondary_damage: str | None = None
    response_to_people: str | None = None
    publication: str | None = None
    prevention: str | None = None
    other: str | None = None


@router.get("")
def list_incidents(
    who: Principal = Officer, context: ServerContext = Depends(get_context)
) -> list[dict[str, Any]]:
    found = incident_register(context).incidents()
    audit_access(context, who, "incident.list", "incidents", {"count": len(found)})
    return [incident_json(incident) for incident in found]


@router.post("", status_code=201)
def record_incident(
    body: NewIncident, who: Principal = Officer, context: ServerContext = Depends(get_context)
) -> dict[str, Any]:
    facts = incident_actions.IncidentFacts(
        summary=body.summary,
        cause=body.cause,
        data_items=body.data_items,
        people=body.people,
        discovered=body.discovered_at,
        occurred=body.occurred_at,
        encryption=body.encryption,
        key_leaked=body.key_leaked,
        sensitive=body.sensitive,
        financial_harm=body.financial_harm,
        wrongful_purpose=body.wrongful_purpose,
    )
    return incident_json(incident_actions.record(context, who, facts))


@router.get("/{incident_id}")
def show_incident(
    incident_id: str, who: Principal = Officer, context: ServerContext = Depends(get_context)
) -> dict[str, Any]:
    incident, decision = incident_actions.view(context, who, incident_id)
    return {**incident_json(incident), "decision": decision_json(decision)}


@router.patch("/{incident_id}")
def update_incident(
    incident_id: str,
    body: ReportItems,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> dict[str, Any]:
    """Fill in items 5-9 of the report (audited); the final report needs all of them."""
    return incident_json(incident_actions.update(context, who, incident_id, body.model_dump()))


@router.post("/{incident_id}/assess")
def assess_incident(
    incident_id: str, who: Principal = Officer, context: ServerContext = Depends(get_context)
) -> dict[str, Any]:
    """Decide reportability and deadlines, and store the decision (audited)."""
    return decision_json(incident_actions.assess_incident(context, who, incident_id))


@router.get("/{incident_id}/drafts/{stage}")
def incident_draft(
    incident_id: str,
    stage: str,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    """The preliminary or final report, or the notice to the people (Markdown)."""
    text, still_open = incident_actions.draft(context, who, incident_id, stage)
    headers = {"X-Open-Items": ",".join(str(n) for n in still_open)}
    return Response(text, media_type="text/markdown; charset=utf-8", headers=headers)
