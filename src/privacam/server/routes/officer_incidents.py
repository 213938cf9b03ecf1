"""The privacy officer's incident pages: the register with a form for a new incident, one
incident with its reportability (reasons, exemption, deadlines), and its drafts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from privacam.policy.incidents import summary
from privacam.server import incident_actions
from privacam.server.access import Principal, Role, allow
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.server.pages import render
from privacam.server.rights_views import incident_register, local_time
from privacam.server.routes.officer_requests import error_page

router = APIRouter(prefix="/officer/incidents", include_in_schema=False)

Officer = allow(Role.PRIVACY_OFFICER)


@router.get("", response_class=HTMLResponse)
def incidents_page(
    request: Request, who: Principal = Officer, context: ServerContext = Depends(get_context)
) -> Response:
    found = incident_register(context).incidents()
    audit_access(context, who, "incident.list", "incidents", {"count": len(found)})
    zone = context.spec.timezone
    rows = [(local_time(i.discovered_at, zone), i) for i in reversed(found)]
    values = {"rows": rows, "zone": zone, "data_items": context.spec.data_items}
    return render(request, "officer_incidents.html", values)


@router.post("")
def new_incident(
    request: Request,
    summary_text: str = Form("", alias="summary"),
    cause: str = Form(""),
    data_items: list[str] = Form([]),
    people: int = Form(0),
    discovered: str = Form(""),
    occurred: str = Form(""),
    encryption: str = Form(""),
    flags: list[str] = Form([]),
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    facts = incident_actions.IncidentFacts(
        summary=summary_text,
        cause=cause,
        data_items=data_items,
        people=people,
        discovered=discovered,
        occurred=occurred or None,
        encryption=encryption or None,
        **{flag: True for flag in flags if flag in FLAGS},
    )
    try:
        incident = incident_actions.record(context, who, facts)
    except HTTPException as refused:
        return error_page(request, refused, back="/officer/incidents")
    return RedirectResponse(f"/officer/incidents/{incident.incident_id}", status_code=303)


FLAGS = ("key_leaked", "sensitive", "financial_harm", "wrongful_purpose")

#: Items 5-9 of the report: field, Japanese and English label.
NARRATIVE = (
    ("secondary_damage", "5. 二次被害又はそのおそれの有無及びその内容", "5. Secondary damage"),
    ("response_to_people", "6. 本人への対応の実施状況", "6. Response to the people"),
    ("publication", "7. 公表の実施状況", "7. Publication"),
    ("prevention", "8. 再発防止のための措置", "8. Prevention of recurrence"),
    ("other", "9. その他参考となる事項", "9. Other useful information"),
)


@router.get("/{incident_id}", response_class=HTMLResponse)
def incident_page(
    incident_id: str,
    request: Request,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    try:
        incident, decision = incident_actions.view(context, who, incident_id)
    except HTTPException as missing:
        return error_page(request, missing, back="/officer/incidents")
    zone = context.spec.timezone
    values = {
        "incident": incident,
        "decision": decision,
        "verdict": summary(decision),
        "zone": zone,
        "discovered": local_time(incident.discovered_at, zone),
        "preliminary_due": local_time(decision.preliminary_due, zone),
        "final_due": local_time(decision.final_due, zone),
        "assessed": local_time(incident.assessed_at, zone) if incident.assessed_at else None,
        "narrative": NARRATIVE,
    }
    return render(request, "officer_incident.html", values)


@router.post("/{incident_id}/assess")
def assess_action(
    incident_id: str,
    request: Request,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    try:
        incident_actions.assess_incident(context, who, incident_id)
    except HTTPException as missing:
        return error_page(request, missing, back="/officer/incidents")
    return RedirectResponse(f"/officer/incidents/{incident_id}", status_code=303)


@router.post("/{incident_id}/items")
def items_action(
    incident_id: str,
    request: Request,
    secondary_damage: str = Form(""),
    response_to_people: str = Form(""),
    publication: str = Form(""),
    prevention: str = Form(""),
    other: str = Form(""),
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    items = {
        "secondary_damage": secondary_damage,
        "response_to_people": response_to_people,
        "publication": publication,
        "prevention": prevention,
        "other": other,
    }
    try:
        incident_actions.update(context, who, incident_id, items)
    except HTTPException as refused:
        return error_page(request, refused, back=f"/officer/incidents/{incident_id}")
    return RedirectResponse(f"/officer/incidents/{incident_id}", status_code=303)


@router.get("/{incident_id}/drafts/{stage}", response_class=HTMLResponse)
def draft_page(
    incident_id: str,
    stage: str,
    request: Request,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    try:
        text, still_open = incident_actions.draft(context, who, incident_id, stage)
    except HTTPException as missing:
        return error_page(request, missing, back="/officer/incidents")
    values = {"text": text, "still_open": still_open, "stage": stage, "incident_id": incident_id}
    return render(request, "officer_incident_draft.html", values)
