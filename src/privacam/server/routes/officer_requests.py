"""The privacy officer's request pages: the list with deadlines (overdue highlighted), one
request with the identity check, run and refuse, and its answer letters.

The forms post here and come back to the request's page (303); a refusal of the rights
layer (a step out of order, a missing method) is shown on a page with its message.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from privacam.rights.photo_setup import PhotoTools
from privacam.rights.web_answers import answer_formats, purge_expired_answers
from privacam.server import request_actions
from privacam.server.access import Principal, Role, allow
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.server.pages import render
from privacam.server.photo_tools import photo_tools_loader
from privacam.server.rights_views import get_request, is_overdue, local_time, request_log
from privacam.store.request_items import held_items

router = APIRouter(prefix="/officer/requests", include_in_schema=False)

Officer = allow(Role.PRIVACY_OFFICER)


def error_page(request: Request, error: HTTPException, back: str | None = None) -> Response:
    values = {"message": error.detail, "back": back}
    return render(request, "request_error.html", values, status_code=error.status_code)


@router.get("", response_class=HTMLResponse)
def requests_page(
    request: Request, who: Principal = Officer, context: ServerContext = Depends(get_context)
) -> Response:
    log = request_log(context)
    purge_expired_answers(log)
    found = list(reversed(log.requests()))
    audit_access(context, who, "request.list", "rights", {"count": len(found)})
    now, zone = context.clock(), context.spec.timezone
    rows = [
        {
            "req": r,
            "received": local_time(r.received_at, zone),
            "due": local_time(r.due_at, zone),
            "overdue": is_overdue(r, now),
        }
        for r in found
    ]
    return render(request, "officer_requests.html", {"rows": rows, "zone": zone})


@router.get("/{request_id}", response_class=HTMLResponse)
def request_page(
    request_id: str,
    request: Request,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    log = request_log(context)
    try:
        found = get_request(log, request_id)
    except HTTPException as missing:
        return error_page(request, missing, back="/officer/requests")
    audit_access(context, who, "request.view", request_id)
    zone = context.spec.timezone
    held = held_items(context.store, request_id)
    values = {
        "req": found,
        "zone": zone,
        "received": local_time(found.received_at, zone),
        "due": local_time(found.due_at, zone),
        "closed": local_time(found.closed_at, zone) if found.closed_at else None,
        "overdue": is_overdue(found, context.clock()),
        "history": [(local_time(e.at, zone), e) for e in log.history(request_id)],
        "contact": request_actions.contact(context, who, request_id),
        "photo_held": "photo" in held,
        "formats": answer_formats(held),
    }
    return render(request, "officer_request.html", values)


def _back(request_id: str) -> Response:
    return RedirectResponse(f"/officer/requests/{request_id}", status_code=303)


@router.post("/{request_id}/identity")
def identity_action(
    request_id: str,
    request: Request,
    method: str = Form(""),
    note: str = Form(""),
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    try:
        request_actions.check_identity(context, who, request_id, method, note)
    except HTTPException as refused:
        return error_page(request, refused, back=f"/officer/requests/{request_id}")
    return _back(request_id)


@router.post("/{request_id}/run")
def run_action(
    request_id: str,
    request: Request,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
    tools: Callable[[], PhotoTools] = Depends(photo_tools_loader),
) -> Response:
    try:
        request_actions.run(context, who, request_id, tools)
    except HTTPException as refused:
        return error_page(request, refused, back=f"/officer/requests/{request_id}")
    return _back(request_id)


@router.post("/{request_id}/refuse")
def refuse_action(
    request_id: str,
    request: Request,
    reason: str = Form(""),
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    try:
        request_actions.refuse(context, who, request_id, reason)
    except HTTPException as refused:
        return error_page(request, refused, back=f"/officer/requests/{request_id}")
    return _back(request_id)
