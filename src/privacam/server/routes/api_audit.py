"""``GET /api/v1/audit`` (a page of the chain) and ``POST /api/v1/audit/verify``.

For the admin and the privacy officer. Verifying checks what ``privacam audit verify``
checks (every MAC and link, the head file, the append-only guard) and is itself audited,
naming the user, but only on a sound chain: an append writes the head file, which would
hide a truncation from the next verification.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from privacam.server.access import Principal, Role, allow
from privacam.server.api.errors import BAD_REQUEST, SIGNED_IN_ERRORS, input_errors_as_400
from privacam.server.api.models import (
    AuditEntryOut,
    AuditHeadOut,
    AuditPageOut,
    AuditProblemOut,
    AuditVerifyOut,
)
from privacam.server.audit_verification import record_verification
from privacam.server.context import ServerContext, get_context
from privacam.store.audit import AuditEntry
from privacam.store.audit_pages import MAX_AUDIT_PAGE, audit_after

router = APIRouter(prefix="/api/v1", tags=["audit"])

Auditor = Annotated[Principal, allow(Role.ADMIN, Role.PRIVACY_OFFICER)]
Context = Annotated[ServerContext, Depends(get_context)]
#: The largest seq the column holds: ``audit_log.seq`` is a 32-bit INTEGER on PostgreSQL,
#: which refuses a larger bound (found by schemathesis as a 500).
MAX_SEQ = 2**31 - 1


def _entry(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(**{**entry.__dict__, "details": json.loads(entry.details or "{}")})


@router.get(
    "/audit",
    response_model=AuditPageOut,
    responses=SIGNED_IN_ERRORS,
    summary="A page of the audit log, in seq order",
)
def read_audit(
    who: Auditor,
    context: Context,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ, description="The last seq already read")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_AUDIT_PAGE)] = 100,
    newest: Annotated[bool, Query(description="The newest `limit` entries instead")] = False,
) -> AuditPageOut:
    page = audit_after(context.store, after=after, limit=limit, newest=newest)
    return AuditPageOut(
        entries=[_entry(e) for e in page.entries], total=page.total, next_after=page.next_after
    )


@router.post(
    "/audit/verify",
    response_model=AuditVerifyOut,
    responses={**SIGNED_IN_ERRORS, **BAD_REQUEST},
    summary="Verify the audit chain, as `privacam audit verify` does; audited",
)
def verify_audit(who: Auditor, context: Context) -> AuditVerifyOut:
    with input_errors_as_400():  # no audit key at hand
        report = context.store.verify_audit()
    missing_head = report.missing_head_file is not None
    entry = record_verification(context, who, report)
    audit_seq = entry.seq if entry is not None else None
    return AuditVerifyOut(
        ok=report.ok,
        entries=report.entries,
        problems=[AuditProblemOut(seq=seq, problem=text) for seq, text in report.problems],
        guard_problems=report.guard_problems,
        warnings=report.warnings,
        head=AuditHeadOut(seq=report.head.seq, mac=report.head.mac) if report.head else None,
        missing_head_file=missing_head,
        audit_seq=audit_seq,
    )
