"""``/dashboard/audit``: the audit log a page at a time, and ``verify`` (admin, privacy officer).

Verifying runs :meth:`Store.verify_audit` (every MAC, the chain's links, the head file,
the append-only guards) and is itself audited (``audit.verify``, naming the user), after
the check, so the verdict is about the chain as it stood when the button was pressed; a
broken chain is not appended to (see :func:`verify_chain`).
Reading the pages is not audited: an entry per page view would push the entries being
read down the page, and the log names staff and actions only, never a captured person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from privacam.errors import PrivacamError
from privacam.server.access import Principal, allow
from privacam.server.audit_verification import record_verification
from privacam.server.context import ServerContext, get_context
from privacam.server.dashboard import render_dashboard, section
from privacam.store.audit_pages import audit_actions, audit_page

router = APIRouter()

OFFICERS = allow(*section("audit").roles)
PAGE_SIZE = 50


@dataclass
class Verdict:
    """What ``verify`` found, as the page shows it."""

    ok: bool
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: The audit entry recording this verification (None: not appended, see verify_chain).
    audit_seq: int | None = None


def verify_chain(context: ServerContext, who: Principal) -> Verdict:
    """Verify the chain; on a sound chain, audit that it was verified
    (:func:`privacam.server.audit_verification.record_verification`: a broken chain gets no
    entry, and the page says to keep the head file and report it)."""
    try:
        report = context.store.verify_audit()
    except PrivacamError as error:  # no audit key here: the chain cannot be checked
        return Verdict(ok=False, problems=[str(error)])
    verdict = Verdict(
        ok=report.ok,
        entries=report.entries,
        problems=[f"seq {seq}: {what}" for seq, what in report.problems] + report.guard_problems,
        warnings=list(report.warnings),
    )
    try:
        entry = record_verification(context, who, report)
    except PrivacamError as error:
        verdict.ok = False
        verdict.problems.append(str(error))
    else:
        verdict.audit_seq = entry.seq if entry is not None else None
    return verdict


def _audit_view(
    request: Request,
    who: Principal,
    context: ServerContext,
    action: str | None,
    page: int,
    verdict: Verdict | None = None,
) -> HTMLResponse:
    zone = ZoneInfo(context.spec.timezone)
    entries = audit_page(
        context.store, action=action or None, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    return render_dashboard(
        request,
        who,
        "audit",
        "dashboard/audit.html",
        {
            "page": entries,
            "number": page,
            "action": action or "",
            "actions": audit_actions(context.store),
            "verdict": verdict,
            "zone": zone,
        },
    )


@router.get("/dashboard/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_viewer(
    request: Request,
    action: str | None = None,
    page: int = Query(1, ge=1, le=1_000_000),
    who: Principal = OFFICERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    return _audit_view(request, who, context, action, page)


@router.post("/dashboard/audit/verify", response_class=HTMLResponse, include_in_schema=False)
def audit_verify(
    request: Request,
    who: Principal = OFFICERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    verdict = verify_chain(context, who)
    return _audit_view(request, who, context, None, 1, verdict)
