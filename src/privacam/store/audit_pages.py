"""One page of the audit log, by sequence number, for the API and the audit viewer.

Entries come in ``seq`` order after a cursor (``after``: the last seq already seen), so a
page stays the same while the log grows; ``newest`` gives the last ``limit`` entries
instead, still in ``seq`` order. Reading a page checks nothing: ``audit verify`` does.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> for n in range(5):
...     _ = store.audit.append("export", f"kind{n}")
>>> page = audit_page(store, after=1, limit=2)
>>> [e.seq for e in page.entries], page.total, page.next_after
([2, 3], 5, 3)
>>> [e.seq for e in audit_page(store, limit=2, newest=True).entries]
[4, 5]
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from privacam.store.audit import AuditEntry
from privacam.store.store import Store
from privacam.store.tables import audit_log

#: The largest page of entries a reader may ask for.
MAX_AUDIT_PAGE = 500


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    #: Entries in the whole log.
    total: int
    #: The newest entry's seq (0 for an empty log).
    last_seq: int

    @property
    def next_after(self) -> int | None:
        """The cursor of the next page (the last seq on this one), ``None`` at the end."""
        if not self.entries:
            return None
        last = self.entries[-1].seq
        return last if last < self.last_seq else None


def audit_page(
    store: Store, *, after: int = 0, limit: int = 100, newest: bool = False
) -> AuditPage:
    """Up to ``limit`` entries with ``seq > after`` (or the newest ``limit``), by seq."""
    if not 1 <= limit <= MAX_AUDIT_PAGE:
        raise ValueError(f"limit must be from 1 to {MAX_AUDIT_PAGE}, got {limit}")
    query = select(audit_log)
    if newest:
        query = query.order_by(audit_log.c.seq.desc()).limit(limit)
    else:
        query = query.where(audit_log.c.seq > after).order_by(audit_log.c.seq).limit(limit)
    with store.engine.connect() as connection:
        total, last_seq = connection.execute(
            select(func.count(), func.coalesce(func.max(audit_log.c.seq), 0))
        ).one()
        entries = [AuditEntry(**row._mapping) for row in connection.execute(query)]
    return AuditPage(entries=sorted(entries, key=lambda e: e.seq), total=total, last_seq=last_seq)
