"""The public rights request form and its status page (no sign-in; ja/en; phone first).

- ``GET /requests/new``: the form (disclosure, stop-use, deletion, opt-out; name and
  contact for the identity check; in case ③ a photo of the face);
- ``POST /requests/new``: the request is logged and its contact and photo sealed
  (:mod:`privacam.rights.web_intake`); the answer page shows the status address once;
- ``GET /requests/status/{token}``: state, dates, the response deadline, and the answer
  when complete; a wrong token gets the very same 404 as an absent one;
- ``GET /requests/status/{token}/answer.{fmt}``: the answer letter (html, pdf, json).

Every view of a status page or an answer is audited (``actor`` ``public``). The token
is in the path: these pages send no referrer and are never cached.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from privacam.errors import InputError
from privacam.policy.spec import Case
from privacam.rights.requests import RequestKind, RightsRequest
from privacam.rights.web_answers import answer_document, answer_formats
from privacam.rights.web_intake import (
    MAX_PHOTO_BYTES,
    MAX_PHOTO_PIXELS,
    receive_from_web,
    request_by_token,
)
from privacam.server.access import public
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.server.pages import render
from privacam.server.rights_views import local_time, request_log
from privacam.server.upload_form import read_photo_form
from privacam.store.request_items import held_items

router = APIRouter(tags=["public"])

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
NOT_FOUND = (
    "この番号の依頼は見つかりません。受付時に表示されたアドレスをご確認ください / no request "
    "was found at this address: check the address shown when you sent the request"
)


def _form_values(context: ServerContext, **extra: Any) -> dict[str, Any]:
    return {
        "kinds": [kind.value for kind in RequestKind],
        "wants_photo": context.spec.case == Case.repeat,
        "max_mb": MAX_PHOTO_BYTES // (1024 * 1024),
        "max_mp": MAX_PHOTO_PIXELS // 1_000_000,
        "operator": context.spec.operator.name,
        "response_days": context.spec.requests.response_days,
        "values": {},
        "error": None,
        **extra,
    }


@router.get("/requests/new", dependencies=[public()], response_class=HTMLResponse)
def request_form(request: Request, context: ServerContext = Depends(get_context)) -> Response:
    return render(request, "request_form.html", _form_values(context))


@router.post("/requests/new", dependencies=[public()], response_class=HTMLResponse)
async def submit_request(
    request: Request, context: ServerContext = Depends(get_context)
) -> Response:
    try:
        form = await read_photo_form(request)
    except HTTPException as refused:
        values = _form_values(context, error=refused.detail)
        return render(request, "request_form.html", values, status_code=refused.status_code)
    fields = form.fields
    values = {key: fields.get(key, "") for key in ("kind", "name", "contact")}
    if values["kind"] not in {kind.value for kind in RequestKind}:
        error = "依頼の種類を選んでください / choose what you are asking for"
        return render(
            request, "request_form.html", _form_values(context, values=values, error=error), 400
        )
    try:
        receipt = await run_in_threadpool(
            receive_from_web,
            request_log(context),
            values["kind"],
            name=values["name"],
            contact=values["contact"],
            photo=form.photo,
        )
    except InputError as refused:
        page = _form_values(context, values=values, error=str(refused))
        return render(request, "request_form.html", page, status_code=400)
    status_url = str(request.url_for("request_status", token=receipt.token))
    page = {"status_url": status_url, **_status_values(context, receipt.request)}
    response = render(request, "request_received.html", page)
    response.headers.update(PRIVATE_HEADERS)
    return response


def _status_values(context: ServerContext, found: RightsRequest) -> dict[str, Any]:
    zone = context.spec.timezone
    return {
        "req": found,
        "zone": zone,
        "received": local_time(found.received_at, zone),
        "due": local_time(found.due_at, zone),
        "closed": local_time(found.closed_at, zone) if found.closed_at else None,
        "response_days": context.spec.requests.response_days,
    }


def _by_token(context: ServerContext, token: str) -> RightsRequest:
    found = request_by_token(request_log(context), token)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


@router.get("/requests/status/{token}", dependencies=[public()], response_class=HTMLResponse)
def request_status(
    token: str, request: Request, context: ServerContext = Depends(get_context)
) -> Response:
    try:
        found = _by_token(context, token)
    except HTTPException as missing:
        response = render(request, "request_error.html", {"message": missing.detail}, 404)
        response.headers.update(PRIVATE_HEADERS)
        return response
    audit_access(context, None, "request.status_viewed", found.request_id, {"via": "web"})
    formats = answer_formats(held_items(context.store, found.request_id))
    page = {"formats": formats, "token": token, **_status_values(context, found)}
    response = render(request, "request_status.html", page)
    response.headers.update(PRIVATE_HEADERS)
    return response


@router.get("/requests/status/{token}/answer.{fmt}", dependencies=[public()])
def request_answer(
    token: str, fmt: str, request: Request, context: ServerContext = Depends(get_context)
) -> Response:
    found = _by_token(context, token)
    document = answer_document(request_log(context), found.request_id, fmt)
    if document is None:
        raise HTTPException(404, NOT_FOUND)
    audit_access(context, None, "request.answer_fetched", found.request_id, {"format": fmt})
    return Response(
        document.data,
        media_type=document.media_type,
        headers={
            **PRIVATE_HEADERS,
            "Content-Disposition": f'attachment; filename="answer-{found.request_id}.{fmt}"',
        },
    )
