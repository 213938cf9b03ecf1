"""Crypto-shredding: delete templates with their data keys, and their visitors' visits.

Deleting the wrapped data key makes a template's ciphertext unreadable whatever copy
of it survives; the ciphertext row goes in the same transaction. What remains on disk
afterwards depends on the engine:

- **SQLite** runs with ``PRAGMA secure_delete=ON`` (deleted cells are overwritten with
  zeros) and the store checkpoints and truncates the WAL after every transaction that
  deleted rows (:func:`privacam.store.engine.checkpoint_truncate`), so neither the
  database file nor the ``-wal`` file keeps a byte of a deleted template or key.
- **PostgreSQL** keeps deleted rows as dead tuples until VACUUM, and its WAL and any
  base backup keep them longer, out of privacam's reach. :func:`vacuum_vault` runs a
  plain ``VACUUM`` of the vault's tables after deletions, so the dead tuples' space is
  reclaimed and reused soon (a ``VACUUM FULL`` would lock the vault for a run and still
  leave the old file's blocks on the disk). The guarantee on PostgreSQL is therefore the
  cryptographic one: the only copy of the data key the store can read is gone, and a
  residue of it in a dead tuple, the WAL or a backup is wrapped by the master key, which
  ``privacam vault rotate-key`` replaces (after a deletion request, rotate the key to make
  such residues useless too).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from itertools import islice

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError

from privacam.records import RepeatVisit
from privacam.store.store import from_row
from privacam.store.tables import repeat_visits, vault_exclusions, vault_keys, vault_templates

log = logging.getLogger(__name__)

_CHUNK = 500  # ids per IN (...): well under SQLite's variable limit


def chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    """``ids`` in lists short enough for one ``IN (...)``."""
    it = iter(ids)
    while chunk := list(islice(it, _CHUNK)):
        yield chunk


def shred_templates(connection: Connection, template_ids: Sequence[str]) -> int:
    """Delete the templates' keys and rows; returns how many templates were deleted."""
    deleted = 0
    for chunk in chunks(template_ids):
        connection.execute(delete(vault_keys).where(vault_keys.c.owner_id.in_(chunk)))
        t = vault_templates
        deleted += connection.execute(delete(t).where(t.c.template_id.in_(chunk))).rowcount
    return deleted


def shred_exclusions(connection: Connection, exclusion_ids: Sequence[str]) -> int:
    """Delete the exclusion templates' keys and rows; returns how many were deleted."""
    deleted = 0
    for chunk in chunks(exclusion_ids):
        connection.execute(delete(vault_keys).where(vault_keys.c.owner_id.in_(chunk)))
        t = vault_exclusions
        deleted += connection.execute(delete(t).where(t.c.exclusion_id.in_(chunk))).rowcount
    return deleted


def visits_of(connection: Connection, visitor_ids: Sequence[str]) -> list[RepeatVisit]:
    """The visitors' visits, oldest first."""
    found: list[RepeatVisit] = []
    for chunk in chunks(visitor_ids):
        rows = connection.execute(
            select(repeat_visits).where(repeat_visits.c.visitor_id.in_(chunk))
        ).mappings()
        found.extend(from_row(RepeatVisit, row) for row in rows)
    return sorted(found, key=lambda visit: visit.seen_at)


def delete_visits(connection: Connection, visitor_ids: Sequence[str]) -> int:
    """Delete every visit of the visitors; returns how many."""
    deleted = 0
    for chunk in chunks(visitor_ids):
        v = repeat_visits
        deleted += connection.execute(delete(v).where(v.c.visitor_id.in_(chunk))).rowcount
    return deleted


VAULT_TABLES = ("vault_keys", "vault_templates", "vault_exclusions")


def vacuum_vault(engine: Engine, tables: Sequence[str] = VAULT_TABLES) -> None:
    """PostgreSQL: VACUUM the vault's tables, so dead tuples of deleted keys are reclaimed.

    A no-op on SQLite (secure_delete and the WAL truncation already did the work). A
    role that may not VACUUM gets a warning, not an error: the deletion itself stands.
    """
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM " + ", ".join(tables))
    except SQLAlchemyError as error:
        log.warning(
            "保管庫テーブルの VACUUM ができませんでした / could not VACUUM the vault tables "
            "(deleted keys stay as dead tuples until autovacuum): %s",
            str(getattr(error, "orig", error)).splitlines()[0],
        )
