"""``/api/v1/requests``: the rights request log for the privacy officer, as JSON.

The same steps as the officer's pages (:mod:`privacam.server.request_actions`): list
with deadlines, one request with its history, the identity check, run, refuse, and the
answer letters. No personal data is in these answers but the letters themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from privacam.rights.photo_setup import PhotoTools
from privacam.rights.web_answers import purge_expired_answers
from privacam.server import request_actions
from privacam.server.access import Principal, Role, allow
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.server.photo_tools import photo_tools_loader
from privacam.server.rights_views import get_request, request_json, request_log

router = APIRouter(prefix="/api/v1/requests", tags=["rights requests"])

Officer = allow(Role.PRIVACY_OFFICER)


class IdentityCheck(BaseModel):
    method: str = Field(description="How the requester's identity was verified.")
    note: str = ""


class Refusal(BaseModel):
    reason: str = Field(description="Why the request is refused (shown to the requester).")


@router.get("")
def list_requests(
    open_only: bool = False,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> list[dict[str, Any]]:
    """Every request, oldest first, with its state and deadline (``overdue`` when late)."""
    log = request_log(context)
    purge_expired_answers(log)
    found = log.requests(open_only=open_only)
    audit_access(context, who, "request.list", "rights", {"count": len(found)})
    now = context.clock()
    return [request_json(request, now) for request in found]


@router.get("/{request_id}")
def show_request(
    request_id: str, who: Principal = Officer, context: ServerContext = Depends(get_context)
) -> dict[str, Any]:
    """One request and its state history."""
    log = request_log(context)
    found = get_request(log, request_id)
    audit_access(context, who, "request.view", request_id)
    history = [
        {"state": e.state.value, "at": e.at.isoformat(), "actor": e.actor, "note": e.note}
        for e in log.history(request_id)
    ]
    return {**request_json(found, context.clock()), "history": history}


@router.post("/{request_id}/identity")
def check_identity(
    request_id: str,
    body: IdentityCheck,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> dict[str, Any]:
    """Record the identity check (every request needs its own, duplicates included)."""
    done = request_actions.check_identity(context, who, request_id, body.method, body.note)
    return request_json(done, context.clock())


@router.post("/{request_id}/run")
def run_request(
    request_id: str,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
    tools: Callable[[], PhotoTools] = Depends(photo_tools_loader),
) -> dict[str, Any]:
    """Answer a request whose identity is checked: by photo on the vault (case ③) or with
    the letter of what is held; the request is completed and the letters sealed."""
    result = request_actions.run(context, who, request_id, tools)
    return {**request_json(result.request, context.clock()), "answer": result.outcome}


@router.post("/{request_id}/refuse")
def refuse_request(
    request_id: str,
    body: Refusal,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> dict[str, Any]:
    """Close the request as refused; its contact and photo are shredded."""
    done = request_actions.refuse(context, who, request_id, body.reason)
    return request_json(done, context.clock())


@router.get("/{request_id}/answer.{fmt}")
def answer_letter(
    request_id: str,
    fmt: str,
    who: Principal = Officer,
    context: ServerContext = Depends(get_context),
) -> Response:
    """The answer as sealed when the request was run: html, pdf, or json (case ③)."""
    document = request_actions.answer(context, who, request_id, fmt)
    return Response(
        document.data,
        media_type=document.media_type,
        headers={"Content-Disposition": f'attachment; filename="answer-{request_id}.{fmt}"'},
    )
