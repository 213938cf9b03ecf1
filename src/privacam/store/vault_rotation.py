"""Master-key rotation: every data key re-wrapped under a new master key, in one transaction.

Only the small wrapped keys change; no template is decrypted. After the commit the
old master key opens nothing: every wrapped key is sealed under the new one (the
old wrapped bytes are overwritten, and checkpointed out of SQLite's WAL). Where the
new key comes from, and how the key file is replaced, is in
:mod:`privacam.store.vault_master`; :func:`rotate_vault_key` does both steps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update

from privacam.errors import InputError
from privacam.store.keys import VAULT_KEY, KeySource
from privacam.store.store import Store
from privacam.store.tables import vault_keys
from privacam.store.vault_crypto import WrappedKey, key_aad, master_key_id
from privacam.store.vault_master import (
    load_master_key,
    pending_key_file,
    read_or_create_key_file,
)
from privacam.store.vault_shred import vacuum_vault


@dataclass(frozen=True)
class RotationReport:
    """A master-key rotation: how many data keys were re-wrapped, from which key to which."""

    rewrapped: int
    old_key_id: str
    new_key_id: str
    audit_seq: int
    #: Where the new key is now; ``replaced`` when it took the old key file's place.
    new_key_file: Path | None = None
    replaced: bool = False


def rewrap_all(
    store: Store, old_key: bytes, new_key: bytes, *, actor: str | None = None
) -> RotationReport:
    """Re-wrap every data key of ``store``'s vault from ``old_key`` to ``new_key``."""
    if master_key_id(new_key) == master_key_id(old_key):
        raise InputError(
            "新しい保管庫の鍵が今の鍵と同じです / the new vault key is the current key; "
            "rotation needs a different one"
        )
    with store.transaction() as tx:
        rows = tx.connection.execute(select(vault_keys)).mappings().all()
        for row in rows:
            old = WrappedKey(row["nonce"], row["wrapped_key"], row["master_key_id"])
            new = old.rewrap(old_key, new_key, aad=key_aad(row["owner"], row["owner_id"]))
            tx.connection.execute(
                update(vault_keys)
                .where(vault_keys.c.owner_id == row["owner_id"])
                .values(nonce=new.nonce, wrapped_key=new.wrapped, master_key_id=new.master_key_id)
            )
        entry = tx.audit(
            "vault.rotate",
            "vault",
            {"keys": len(rows), "from": master_key_id(old_key), "to": master_key_id(new_key)},
            actor=actor,
        )
        # The old wrapped keys linger in WAL frames like deleted rows: checkpoint them out.
        tx.deleted += len(rows)
    vacuum_vault(store.engine)
    return RotationReport(len(rows), master_key_id(old_key), master_key_id(new_key), entry.seq)


def rotate_vault_key(
    store: Store,
    *,
    new_key_file: Path | None = None,
    source: KeySource = VAULT_KEY,
    actor: str | None = None,
) -> RotationReport:
    """Rotate to the key in ``new_key_file`` (made if absent), or, by default, to a new
    random key that then replaces the key file (see :mod:`privacam.store.vault_master`)."""
    with store.engine.connect() as connection:
        old_key = load_master_key(connection, source)
    if new_key_file is None and os.environ.get(source.env):
        raise InputError(
            f"保管庫の鍵は ${source.env} から読まれています。--new-key-file で新しい鍵の置き場所を"
            f"指定してください / the vault key comes from ${source.env}: give --new-key-file "
            "for the new key, then point the variable at it"
        )
    target = new_key_file if new_key_file is not None else pending_key_file(source)
    new_key = read_or_create_key_file(target, source)
    report = rewrap_all(store, old_key, new_key, actor=actor)
    replaced = new_key_file is None
    if replaced:
        os.replace(target, source.default_file())
    location = source.default_file() if replaced else target
    return RotationReport(
        report.rewrapped,
        report.old_key_id,
        report.new_key_id,
        report.audit_seq,
        new_key_file=location,
        replaced=replaced,
    )
