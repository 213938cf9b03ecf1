"""Recording that someone verified the audit chain: one rule for the API and the dashboard.

A verification is appended to the chain (``audit.verify``, naming the user) only when the
chain is sound and its head file is where it belongs. Appending to a broken chain, or
to one whose head file is missing, would write a new head past the break and the
evidence of a truncation would go with it; the server's log names who found the break.
"""

from __future__ import annotations

import logging

from privacam.server.access import Principal
from privacam.server.context import ServerContext, audit_access
from privacam.store.audit import AuditEntry, VerifyReport

log = logging.getLogger(__name__)


def record_verification(
    context: ServerContext, who: Principal, report: VerifyReport
) -> AuditEntry | None:
    """The ``audit.verify`` entry for a sound chain; None (and a log line) otherwise."""
    if not report.ok or report.missing_head_file is not None:
        log.warning(
            "audit verify by %s:%s found the chain broken or its head file missing; "
            "nothing appended",
            who.kind,
            who.name,
        )
        return None
    details = {"ok": True, "entries": report.entries, "warnings": len(report.warnings)}
    return audit_access(context, who, "audit.verify", "audit_log", details)
