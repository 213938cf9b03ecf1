"""The vault's master key: which one wraps the data keys, and how it is replaced.

The key comes from :data:`privacam.store.keys.VAULT_KEY`: ``PRIVACAM_VAULT_KEY`` (64 hex
digits), or the key file ``PRIVACAM_VAULT_KEY_FILE`` (default
``~/.config/privacam/vault.key``, made 0600 on first use). A new key file is made only
for a vault with no keys yet; each wrapped key carries the fingerprint of its master
key, so a wrong key is named as such instead of failing template by template.

Rotation (``privacam vault rotate-key``) re-wraps every data key under a new master key
in one transaction. Where the new key comes from:

- by default, when the key is a key file, a new random key is written beside it as
  ``vault.key.next`` (0600); after the transaction commits it replaces ``vault.key``.
  Should the process die between the two, the next open finds the vault wrapped by
  ``vault.key.next`` and finishes the replacement.
- ``--new-key-file PATH`` takes the key in ``PATH`` (made with random bytes if absent);
  the operator then points ``PRIVACAM_VAULT_KEY_FILE`` (or ``PRIVACAM_VAULT_KEY``) at it
  and destroys the old key. This is the only way when the key comes from the environment.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from sqlalchemy import Connection, select

from privacam.errors import InputError
from privacam.files import write_atomic
from privacam.store.keys import VAULT_KEY, KeySource
from privacam.store.tables import vault_keys
from privacam.store.vault_crypto import master_key_id

log = logging.getLogger(__name__)


class VaultKeyMismatch(InputError):
    """The master key at hand is not the one the vault's data keys are wrapped with."""


def stored_master_ids(connection: Connection) -> set[str]:
    """The fingerprints of the master keys that wrap the vault's data keys."""
    return set(connection.execute(select(vault_keys.c.master_key_id).distinct()).scalars())


def pending_key_file(source: KeySource = VAULT_KEY) -> Path:
    """Where a rotation writes the new key before it replaces the key file."""
    path = source.default_file()
    return path.with_name(path.name + ".next")


def read_key_file(path: Path, source: KeySource = VAULT_KEY) -> bytes:
    try:
        return source.parse(path.read_text(encoding="ascii"), str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{source.name} key file {path}: cannot read it ({error})") from None


def read_or_create_key_file(path: Path, source: KeySource = VAULT_KEY) -> bytes:
    """The key in ``path``; a new random one (0600) when the file does not exist yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_hex(source.exact_bytes or 32) + "\n"
        write_atomic(path, key.encode("ascii"), mode=0o600, overwrite=False)
    return read_key_file(path, source)


def load_master_key(connection: Connection, source: KeySource = VAULT_KEY) -> bytes:
    """The master key that wraps this vault's data keys (see the module docstring)."""
    ids = stored_master_ids(connection)
    key = source.load(create=not ids)
    if not ids or master_key_id(key) in ids:
        return key
    pending = pending_key_file(source)
    if not os.environ.get(source.env) and pending.exists():
        candidate = read_key_file(pending, source)
        if master_key_id(candidate) in ids:
            os.replace(pending, source.default_file())
            log.warning(
                "保管庫の鍵の更新を完了しました / finished an interrupted vault key rotation: "
                "%s replaced %s",
                pending,
                source.default_file(),
            )
            return candidate
    raise VaultKeyMismatch(
        f"保管庫のマスター鍵が違います / the vault master key from {source.location()} "
        f"(id {master_key_id(key)}) is not the one its templates are wrapped with "
        f"(id {', '.join(sorted(ids))}); set {source.env} or {source.file_env} to that key"
    )
