"""The audit log a page at a time, without reading the whole chain (``verify`` does that).

Two ways to page, for two readers:

- :func:`audit_page`, for the audit viewer: newest first, by offset, optionally of one
  action only, with the number of matching entries;
- :func:`audit_after`, for the API: entries in ``seq`` order after a cursor (``after``:
  the last seq already seen), so a page stays the same while the log grows; ``newest``
  gives the last ``limit`` entries instead, still in ``seq`` order.

Reading a page checks nothing.

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
>>> cursor = audit_after(store, after=1, limit=2)
>>> [e.seq for e in cursor.entries], cursor.total, cursor.next_after
([2, 3], 4, 3)
>>> [e.seq for e in audit_after(store, limit=2, newest=True).entries]
[3, 4]
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
    """A page of the viewer: newest first, ``offset`` entries from the newest."""

    entries: list[AuditEntry]
    #: Entries matching the filter, on every page.
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.entries) < self.total


@dataclass(frozen=True)
class AuditCursorPage:
    """A page of the API: in ``seq`` order, with the cursor of the next page."""

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


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_AUDIT_PAGE:
        raise ValueError(f"limit must be from 1 to {MAX_AUDIT_PAGE}, got {limit}")


def audit_page(
    store: Store, *, action: str | None = None, offset: int = 0, limit: int = 50
) -> AuditPage:
    """Entries ``offset`` .. ``offset + limit`` counted from the newest."""
    _check_limit(limit)
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


def audit_after(
    store: Store, *, after: int = 0, limit: int = 100, newest: bool = False
) -> AuditCursorPage:
    """Up to ``limit`` entries with ``seq > after`` (or the newest ``limit``), by seq."""
    _check_limit(limit)
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
    entries.sort(key=lambda entry: entry.seq)
    return AuditCursorPage(entries=entries, total=total, last_seq=last_seq)


def audit_actions(store: Store) -> list[str]:
    """Every action the log holds, sorted: the viewer's filter choices."""
    with store.engine.connect() as connection:
        return list(
            connection.execute(
                select(audit_log.c.action).distinct().order_by(audit_log.c.action)
            ).scalars()
        )
