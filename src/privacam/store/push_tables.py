"""The push tables (migration 0009): the edge's outbox, and the pushed records' stable ids.

- ``push_outbox`` (on the edge): each committed window's pushable records, added in the
  same transaction as the window itself (:mod:`privacam.store.outbox`), so a process
  killed between the commit and the send loses nothing. A row is ``pending`` until the
  central server answered 2xx for it (``sent``), or ``rejected`` when the server refused
  that one record as invalid (kept, and reported, never silently dropped).
- ``push_id`` (on the centre): a column of every pushed kind's table holding the record's
  stable id (:func:`privacam.store.push_kinds.push_id`), unique, so that a re-push finds
  the row it sent before; null for the rows a store wrote itself.

:mod:`privacam.store.tables` imports this module at its end, like the ledger tables.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from privacam.store.push_kinds import PUSHED_KINDS
from privacam.store.tables import BOOKKEEPING, TABLES, metadata
from privacam.store.types import UTCDateTime

push_outbox = Table(
    "push_outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("push_id", String(36), nullable=False),
    Column("kind", String, nullable=False),
    Column("camera_id", String, nullable=False),
    #: The record's fields as JSON text, exactly as they will be posted.
    Column("record", Text, nullable=False),
    Column("enqueued_at", UTCDateTime, nullable=False),
    Column("state", String(8), nullable=False, server_default="pending"),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=True),
)
Index(None, push_outbox.c.state, push_outbox.c.seq)

for _kind in PUSHED_KINDS:
    _table = TABLES[_kind]
    _table.append_column(Column("push_id", String(36), nullable=True, info=BOOKKEEPING))
    Index(None, _table.c.push_id, unique=True)
