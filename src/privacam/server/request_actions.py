"""The privacy officer's steps on a request, shared by the pages and the API.

Each is one step of the rights layer's state machine (:mod:`privacam.rights.requests`),
audited there with the officer as the actor; reads of personal data (the requester's
contact, the answer letters) are audited here with :func:`audit_access`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from privacam.rights.photo_setup import PhotoTools
from privacam.rights.requests import RightsRequest
from privacam.rights.web_answers import RunResult, answer_document, run_request
from privacam.rights.web_intake import contact_of
from privacam.server.access import Principal
from privacam.server.context import ServerContext, audit_access
from privacam.server.rights_views import (
    actor_of,
    get_request,
    not_found,
    plain_texts,
    refusals,
    request_log,
)
from privacam.store.request_items import RequestItem, reclaim


def check_identity(
    context: ServerContext, who: Principal, request_id: str, method: str, note: str = ""
) -> RightsRequest:
    log = request_log(context)
    get_request(log, request_id)
    plain_texts(method, note)
    with refusals():
        return log.check_identity(request_id, method=method, note=note, actor=actor_of(who))


def run(
    context: ServerContext,
    who: Principal,
    request_id: str,
    tools: Callable[[], PhotoTools],
) -> RunResult:
    log = request_log(context)
    get_request(log, request_id)
    try:
        with refusals():
            return run_request(log, request_id, tools=tools, actor=actor_of(who))
    finally:
        reclaim(context.store)  # the photo was shredded (matched, or unusable)


def refuse(context: ServerContext, who: Principal, request_id: str, reason: str) -> RightsRequest:
    log = request_log(context)
    get_request(log, request_id)
    plain_texts(reason)
    with refusals():
        done = log.refuse(request_id, reason=reason, actor=actor_of(who))
    reclaim(context.store)
    return done


def contact(context: ServerContext, who: Principal, request_id: str) -> dict[str, Any] | None:
    """The requester's name and contact while held (audited as an access to personal data)."""
    found = contact_of(request_log(context), request_id)
    if found is not None:
        audit_access(context, who, "request.contact_viewed", request_id)
    return found


def answer(context: ServerContext, who: Principal, request_id: str, fmt: str) -> RequestItem:
    log = request_log(context)
    get_request(log, request_id)
    document = answer_document(log, request_id, fmt)
    if document is None:
        raise not_found("この形式の回答書", "answer in this format")
    audit_access(context, who, "request.answer_fetched", request_id, {"format": fmt})
    return document
