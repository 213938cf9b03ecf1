"""Running a web request to its answer, and keeping the answer for its status page.

:func:`run_request` is the privacy officer's one action after the identity check: it
begins the work and answers as the CLI's ``privacam rights answer`` does — by the
requester's sealed photo on the vault in case ③ (:func:`~privacam.rights.by_photo.answer_by_photo`),
or with the letter of what is held everywhere else (:func:`~privacam.rights.holdings.holdings_letter`).
The photo is used in memory and shredded: by the completing step when it matched (or
not), or at once when it shows no face or several (it can never be used then). The
letters (HTML, PDF, and the JSON data in case ③) are sealed with the request for
:data:`ANSWER_KEPT`, so that the requester can fetch them with the status token; after
that they are shredded (:func:`purge_expired_answers`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from privacam.errors import InputError
from privacam.policy.spec import Case
from privacam.rights.by_photo import answer_by_photo
from privacam.rights.holdings import holdings_letter
from privacam.rights.identify import rights_threshold
from privacam.rights.letter_pdf import render_pdf
from privacam.rights.letters import Letter, render_html
from privacam.rights.photo_letters import answer_json, answer_letter
from privacam.rights.photo_setup import PhotoTools, open_vault
from privacam.rights.probe import ProbeError
from privacam.rights.requests import RequestLog, RequestState, RightsRequest, refuse_step
from privacam.store.request_items import (
    RequestItem,
    expired_items,
    open_item,
    seal_item,
    shred_items,
)

#: How long the answer stays on the status page after the request is completed.
ANSWER_KEPT = timedelta(days=30)

#: format → (item name, media type) of a sealed answer.
ANSWER_FORMATS: dict[str, tuple[str, str]] = {
    "html": ("answer.html", "text/html; charset=utf-8"),
    "pdf": ("answer.pdf", "application/pdf"),
    "json": ("answer.json", "application/json"),
}


@dataclass(frozen=True)
class RunResult:
    request: RightsRequest
    #: "matched", "no_match", "ambiguous" (case ③), or "no_identifiable_data".
    outcome: str


def run_request(
    log: RequestLog, request_id: str, *, tools: Callable[[], PhotoTools], actor: str
) -> RunResult:
    """Begin (after the identity check) and answer ``request_id``; the answer is sealed."""
    request = log.get(request_id)
    if request.state == RequestState.received:
        refuse_step(request, RequestState.in_progress)  # says: the identity check first
    if request.state == RequestState.identity_checked:
        request = log.start(request_id, note="web: run", actor=actor)
    refuse_step(request, RequestState.completed)  # closed already
    if log.spec.case == Case.repeat:
        return _run_by_photo(log, request, tools(), actor)
    letter = holdings_letter(log.store, log.spec, request, log.clock())
    done = log.complete(
        request_id, outcome={"answer": "no_identifiable_data"}, note="web: letter", actor=actor
    )
    _seal_answer(log, done, letter, json_text=None)
    return RunResult(done, "no_identifiable_data")


def _run_by_photo(
    log: RequestLog, request: RightsRequest, tools: PhotoTools, actor: str
) -> RunResult:
    photo = open_item(log.store, request.request_id, "photo")
    if photo is None:
        raise InputError(
            f"依頼 {request.request_id} には照合用の写真がありません。理由を添えて不対応に"
            f"してください / request {request.request_id} holds no photo to match: refuse it "
            "with the reason"
        )
    try:
        answer = answer_by_photo(
            log,
            open_vault(log.store, log.spec, tools.model),
            request.request_id,
            photo.data,
            detector=tools.detector,
            embedder=tools.embedder,
            threshold=rights_threshold(log.spec, tools.model),
            store=log.store,
        )
    except ProbeError:
        # A photo with no face or several can never be matched: it is not kept for nothing.
        with log.store.transaction() as tx:
            shred_items(tx, request.request_id, names=["photo"])
            tx.audit("request.photo_shredded", request.request_id, {"why": "unusable"}, actor=actor)
        raise
    letter = answer_letter(answer, log.spec, log.clock())
    _seal_answer(log, answer.request, letter, json_text=answer_json(answer, log.spec))
    return RunResult(answer.request, answer.identification.outcome)


def _seal_answer(
    log: RequestLog, request: RightsRequest, letter: Letter, *, json_text: str | None
) -> None:
    now = log.clock()
    documents = {"html": render_html(letter).encode("utf-8"), "pdf": render_pdf(letter)}
    if json_text is not None:
        documents["json"] = json_text.encode("utf-8")
    with log.store.transaction() as tx:
        for fmt, data in documents.items():
            name, media_type = ANSWER_FORMATS[fmt]
            seal_item(
                tx,
                request.request_id,
                name,
                data,
                media_type=media_type,
                now=now,
                expires_at=now + ANSWER_KEPT,
            )


def answer_formats(held: list[str]) -> list[str]:
    """The formats of the sealed answers among the item names ``held``."""
    return [fmt for fmt, (name, _) in ANSWER_FORMATS.items() if name in held]


def answer_document(log: RequestLog, request_id: str, fmt: str) -> RequestItem | None:
    """The sealed answer in ``fmt``, while it is kept; ``None`` otherwise."""
    if fmt not in ANSWER_FORMATS:
        return None
    item = open_item(log.store, request_id, ANSWER_FORMATS[fmt][0])
    if item is None or (item.expires_at is not None and item.expires_at <= log.clock()):
        return None
    return item


def purge_expired_answers(log: RequestLog) -> int:
    """Shred the answers kept past :data:`ANSWER_KEPT`; how many items went."""
    with log.store.engine.connect() as connection:
        expired = expired_items(connection, log.clock())
    if not expired:
        return 0
    with log.store.transaction() as tx:
        for request_id, name in expired:
            shred_items(tx, request_id, names=[name])
        tx.audit("request.answers_expired", "rights", {"items": len(expired)}, actor="privacam")
    return len(expired)
