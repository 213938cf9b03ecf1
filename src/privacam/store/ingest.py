"""The central store's side of a push: upsert a node's batch by stable id, audited.

A batch is one transaction: every record is inserted (a new id), replaced (an id seen
before, with other values: the edge re-ran that window with ``run --replace``) or left
as it is (the same id with the same values: a re-push), and one ``push.ingest`` audit
entry naming the node commits with them. So a batch retried after a lost answer
changes nothing twice, and a batch cut short by a crash leaves nothing behind.

>>> import tempfile, os
>>> from datetime import datetime, UTC
>>> from privacam.records import LineCount
>>> from privacam.store import Store
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "central.db"))
>>> count = LineCount(window_start=datetime(2026, 4, 1, tzinfo=UTC),
...                   window_end=datetime(2026, 4, 1, 0, 15, tzinfo=UTC), camera_id="gate",
...                   line="L1", direction="in", class_name="person", count=7)
>>> batch = [PushedRecord("6b1f0cf3-3b4e-5d6a-9a0c-3f4e5d6a7b8c", count)]
>>> ingest(store, batch, actor="token:gate-node").accepted
1
>>> ingest(store, batch, actor="token:gate-node").already_present, store.count(LineCount)
(1, 1)
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from privacam.errors import InputError
from privacam.records import Record
from privacam.store.push_kinds import NATURAL_KEYS, is_pushed
from privacam.store.store import Store, StoreTransaction, from_row, to_row
from privacam.store.tables import table_for

#: Tries of a batch that raced another push of the same ids (the unique index refused it).
RACE_TRIES = 3


class PushConflict(InputError):
    """A pushed id already names a record of another window, camera or line: refused, so
    that no node can overwrite a record by guessing its id."""


def natural_key(record: Record) -> tuple:
    return tuple(getattr(record, name) for name in NATURAL_KEYS[record.kind])


@dataclass(frozen=True)
class PushedRecord:
    """One record of a batch with the stable id its edge gave it."""

    push_id: str
    record: Record


@dataclass(frozen=True)
class IngestReport:
    accepted: int = 0
    replaced: int = 0
    already_present: int = 0

    def to_details(self) -> dict[str, int]:
        return {
            "accepted": self.accepted,
            "replaced": self.replaced,
            "already_present": self.already_present,
        }


def ingest(
    store: Store, batch: Sequence[PushedRecord], *, actor: str, details: dict | None = None
) -> IngestReport:
    """Upsert ``batch`` by push id in one transaction with its ``push.ingest`` audit entry."""
    for item in batch:
        if not is_pushed(type(item.record)):
            raise ValueError(f"{item.record.kind} records are never pushed")
    for attempt in range(RACE_TRIES):
        try:
            with store.transaction() as tx:
                report = _upsert(tx, batch)
                tx.audit(
                    "push.ingest",
                    actor,
                    {"records": len(batch), **report.to_details(), **(details or {})},
                    actor=actor,
                )
            return report
        except IntegrityError:
            # Another request inserted some of these ids between our read and our insert;
            # the next try sees them and counts them as present.
            if attempt == RACE_TRIES - 1:
                raise
    raise AssertionError("unreachable")


def _upsert(tx: StoreTransaction, batch: Sequence[PushedRecord]) -> IngestReport:
    by_kind: dict[type[Record], dict[str, Record]] = defaultdict(dict)
    for item in batch:
        by_kind[type(item.record)][item.push_id] = item.record  # the last copy of an id wins
    accepted = replaced = present = 0
    for kind, records in by_kind.items():
        table = table_for(kind)
        found = tx.connection.execute(
            select(table).where(table.c.push_id.in_(list(records)))
        ).mappings()
        stored = {row["push_id"]: from_row(kind, row) for row in found}
        new_rows = []
        for pid, record in records.items():
            if pid not in stored:
                new_rows.append({**to_row(record, None), "push_id": pid})
            elif natural_key(stored[pid]) != natural_key(record):
                raise PushConflict(
                    f"記録 ID {pid} は別の{record.kind}の記録に使われています / record id {pid} "
                    f"already names another {record.kind} record (camera, window or key differs)"
                )
            elif stored[pid] != record:
                tx.connection.execute(
                    update(table).where(table.c.push_id == pid).values(**to_row(record, None))
                )
                replaced += 1
            else:
                present += 1
        if new_rows:
            tx.connection.execute(table.insert(), new_rows)
            accepted += len(new_rows)
    present += len(batch) - sum(len(r) for r in by_kind.values())  # ids repeated in the batch
    return IngestReport(accepted=accepted, replaced=replaced, already_present=present)
