"""The audit log a page at a time, newest first, optionally of one action only.

:meth:`AuditLog.entries` walks the whole chain (as ``verify`` must); a viewer needs one
page of it and the number of entries, without reading the rest.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> for n in range(3):
...     _ = store.audit.append("export", "line_counts", {"rows": n})
>>> _ = store.audit.append("purge", "sqlite")
>>> page = audit_page(store, action="export", limit=2)
>>> [e.seq for e in page.entries], page.total, audit_actions(store)
([3, 2], 3, ['export', 'purge'])
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from privacam.store.audit import AuditEntry
from privacam.store.store import Store
from privacam.store.tables import audit_log


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    #: Entries matching the filter, on every page.
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.entries) < self.total


def audit_page(
    store: Store, *, action: str | None = None, offset: int = 0, limit: int = 50
) -> AuditPage:
    """Entries ``offset`` .. ``offset + limit`` counted from the newest."""
    condition = [] if not action else [audit_log.c.action == action]
    with store.engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(audit_log).where(*condition)
        ).scalar_one()
        rows = connection.execute(
            select(audit_log)
            .where(*condition)
            .order_by(audit_log.c.seq.desc())
            .offset(offset)
            .limit(limit)
        )
        entries = [AuditEntry(**row._mapping) for row in rows]
    return AuditPage(entries, total, offset, limit)


def audit_actions(store: Store) -> list[str]:
    """Every action the log holds, sorted: the viewer's filter choices."""
    with store.engine.connect() as connection:
        return list(
            connection.execute(
                select(audit_log.c.action).distinct().order_by(audit_log.c.action)
            ).scalars()
        )
