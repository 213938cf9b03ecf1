"""Proof that a deletion left nothing behind: no byte of a template in the database files.

Before a visitor is deleted, :func:`template_bytes` reads what the vault holds of them
(each template's ciphertext, and the wrapped data key that opens it); afterwards
:func:`residue` looks for every one of those byte strings in the SQLite database and
its ``-wal`` and ``-journal`` files, and checks that no key row remains. On PostgreSQL
the files are the server's, out of reach: the check is that the data keys are gone, so
whatever copy of a ciphertext survives in a dead tuple or a backup cannot be opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, select

from privacam.errors import PrivacamError
from privacam.store import Store
from privacam.store import tables as store_tables

#: Shorter byte strings could occur by chance in unrelated pages.
MIN_NEEDLE = 16


def _vault_tables() -> tuple[Table, Table]:
    templates = getattr(store_tables, "vault_templates", None)
    keys = getattr(store_tables, "vault_keys", None)
    if templates is None or keys is None:
        raise PrivacamError("この privacam には保管庫がありません / this privacam has no vault")
    return templates, keys


@dataclass(frozen=True)
class TemplateBytes:
    """What the database holds of one visitor's templates, to look for after deletion."""

    template_ids: tuple[str, ...]
    needles: tuple[bytes, ...]


@dataclass(frozen=True)
class ResidueReport:
    files_scanned: tuple[str, ...]
    found_in: tuple[str, ...]
    keys_left: int

    @property
    def clean(self) -> bool:
        return not self.found_in and self.keys_left == 0


def template_bytes(store: Store, visitor_id: str) -> TemplateBytes:
    templates, keys = _vault_tables()
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(templates.c.template_id, templates.c.ciphertext).where(
                templates.c.visitor_id == visitor_id
            )
        ).all()
        ids = tuple(r.template_id for r in rows)
        wrapped = connection.execute(
            select(keys.c.wrapped_key).where(keys.c.owner_id.in_(ids))
        ).scalars()
        needles = [bytes(r.ciphertext) for r in rows] + [bytes(w) for w in wrapped]
    return TemplateBytes(ids, tuple(n for n in needles if len(n) >= MIN_NEEDLE))


def database_files(store: Store) -> list[Path]:
    """The SQLite database and its side files that exist (none for PostgreSQL)."""
    if store.path is None:
        return []
    candidates = [store.path, *(Path(f"{store.path}{s}") for s in ("-wal", "-journal"))]
    return [path for path in candidates if path.exists()]


def residue(store: Store, held: TemplateBytes) -> ResidueReport:
    """Where any byte string of ``held`` still is, and how many of its keys remain."""
    _, keys = _vault_tables()
    files = database_files(store)
    found = [str(path) for path in files if any(n in path.read_bytes() for n in held.needles)]
    with store.engine.connect() as connection:
        left = connection.execute(
            select(keys.c.owner_id).where(keys.c.owner_id.in_(held.template_ids))
        ).all()
    return ResidueReport(tuple(str(p) for p in files), tuple(found), len(left))
