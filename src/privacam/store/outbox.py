"""The edge's outbox: pushable records waiting for the central server (migration 0009).

:func:`enqueue` runs inside the transaction that commits a window
(:class:`~privacam.store.store.StoreTransaction`), so the window and its outbox rows
are written together or not at all: a process killed after the commit still has every
row to send, and one killed before it has neither. The sender
(:mod:`privacam.runtime.push_sender`) reads :meth:`Outbox.pending` in order and marks
rows ``sent`` only once the server answered 2xx for them.

>>> import tempfile, os
>>> from datetime import datetime, UTC
>>> from privacam.records import LineCount, Trajectory
>>> from privacam.store import Store
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "edge.db"))
>>> t0, t1 = datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 4, 1, 0, 15, tzinfo=UTC)
>>> count = LineCount(window_start=t0, window_end=t1, camera_id="gate", line="L1",
...                   direction="in", class_name="person", count=7)
>>> with store.transaction() as tx:
...     tx.write([count])
...     enqueue(tx, "site-a", [count], now=t1)
1
1
>>> outbox = Outbox(store)
>>> [row.kind for row in outbox.pending(10)], outbox.backlog().rows
(['line_counts'], 1)
>>> outbox.mark_sent([row.seq for row in outbox.pending(10)], now=t1)
>>> outbox.backlog().rows
0
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from privacam.policy.spec import Deployment
from privacam.records import Record
from privacam.store.push_codec import encode
from privacam.store.push_kinds import camera_of, push_id, pushed
from privacam.store.push_tables import push_outbox
from privacam.store.store import Store, StoreTransaction

PENDING, SENT, REJECTED = "pending", "sent", "rejected"


def edge_identity(spec: Deployment) -> str:
    """The name the edge's record ids are made from: the site's id, else its operator and
    site names. Set ``site.id`` so that ids survive renaming the site."""
    if spec.site.id:
        return spec.site.id
    return f"{spec.operator.name.ja}/{spec.site.name.ja}"


@dataclass(frozen=True)
class OutboxRow:
    seq: int
    push_id: str
    kind: str
    camera_id: str
    record: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Backlog:
    """What the outbox holds: rows still to send (and since when), refused rows, sent rows."""

    rows: int
    oldest: datetime | None
    rejected: int = 0
    sent: int = 0

    def describe(self) -> str:
        """One bilingual line for the run summary and ``privacam push status``."""
        if not self.rows:
            line = "未送信の記録はありません / nothing left to push"
        else:
            since = self.oldest.isoformat(timespec="seconds") if self.oldest else "?"
            line = (
                f"未送信 {self.rows} 件（最古 {since}） / {self.rows} record(s) left to push "
                f"(oldest enqueued {since})"
            )
        if self.rejected:
            line += (
                f"; 中央サーバーが拒否した記録 {self.rejected} 件 / {self.rejected} record(s) "
                "refused by the central server"
            )
        return line

    def to_details(self) -> dict[str, Any]:
        oldest = self.oldest.isoformat() if self.oldest else None
        return {"rows": self.rows, "oldest": oldest, "rejected": self.rejected, "sent": self.sent}


def enqueue(tx: StoreTransaction, edge: str, records: Iterable[Record], *, now: datetime) -> int:
    """Add the pushable ones of ``records`` to the outbox in ``tx``; returns how many."""
    rows = [
        {
            "push_id": push_id(edge, record),
            "kind": record.kind,
            "camera_id": camera_of(record),
            "record": json.dumps(encode(record), ensure_ascii=False, sort_keys=True),
            "enqueued_at": now,
            "state": PENDING,
            "attempts": 0,
        }
        for record in pushed(records)
    ]
    if rows:
        tx.connection.execute(push_outbox.insert(), rows)
    return len(rows)


class Outbox:
    """Reads and marks the outbox rows of one edge store (each call its own transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def pending(self, limit: int) -> list[OutboxRow]:
        """The oldest ``limit`` rows still to send, in the order they were enqueued."""
        query = (
            select(push_outbox)
            .where(push_outbox.c.state == PENDING)
            .order_by(push_outbox.c.seq)
            .limit(limit)
        )
        with self.store.engine.connect() as connection:
            return [
                OutboxRow(
                    seq=row.seq,
                    push_id=row.push_id,
                    kind=row.kind,
                    camera_id=row.camera_id,
                    record=json.loads(row.record),
                    attempts=row.attempts,
                )
                for row in connection.execute(query)
            ]

    def _mark(self, seqs: Sequence[int], **values: Any) -> None:
        if not seqs:
            return
        with self.store.transaction() as tx:
            tx.connection.execute(
                update(push_outbox).where(push_outbox.c.seq.in_(list(seqs))).values(**values)
            )

    def mark_sent(self, seqs: Sequence[int], *, now: datetime) -> None:
        self._mark(seqs, state=SENT, sent_at=now, last_error=None)

    def mark_failed(self, seqs: Sequence[int], error: str) -> None:
        """A try that did not get a 2xx: the rows stay pending, with the error on them."""
        self._mark(seqs, attempts=push_outbox.c.attempts + 1, last_error=error[:500])

    def mark_rejected(self, seqs: Sequence[int], error: str) -> None:
        """Rows the server refused as invalid: kept and reported, no longer retried."""
        self._mark(seqs, state=REJECTED, last_error=error[:500])

    def prune_sent(self, before: datetime) -> int:
        """Delete the rows sent before ``before``: the centre holds them, and the records
        themselves stay in the edge's own tables under their retention."""
        with self.store.transaction() as tx:
            done = (push_outbox.c.state == SENT) & (push_outbox.c.sent_at < before)
            return tx.connection.execute(delete(push_outbox).where(done)).rowcount

    def backlog(self) -> Backlog:
        query = select(
            push_outbox.c.state, func.count(), func.min(push_outbox.c.enqueued_at)
        ).group_by(push_outbox.c.state)
        with self.store.engine.connect() as connection:
            found = {state: (n, oldest) for state, n, oldest in connection.execute(query)}
        rows, oldest = found.get(PENDING, (0, None))
        return Backlog(
            rows=rows,
            oldest=oldest,
            rejected=found.get(REJECTED, (0, None))[0],
            sent=found.get(SENT, (0, None))[0],
        )
