"""What a web request holds of its requester, sealed one item at a time, and its status token.

A request made on the public form brings the requester's contact (for the identity
check) and, in case ③, a photo (for the match). Both are personal data, kept only
until the request no longer needs them; the answer letter is kept sealed too, until
the requester has had time to fetch it. Each item is sealed with AES-256-GCM under a
data key of its own, wrapped by the vault's master key in ``vault_keys`` (owner
``request``), the same envelope as a face template (:mod:`~privacam.store.vault_crypto`):
a master-key rotation re-wraps these keys with the templates', and deleting an item
deletes its key with it (crypto-shredding; on SQLite ``secure_delete`` and the WAL
truncation after the transaction leave no residue, see :mod:`~privacam.store.vault_shred`).

The status token is kept by its SHA-256 only: whoever reads the database cannot follow
a request's status, and a token that is wrong finds nothing, as an absent one does.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from privacam.store.keys import VAULT_KEY, KeySource
from privacam.store.ledger_tables import rights_request_items, rights_request_tokens
from privacam.store.store import Store, StoreTransaction
from privacam.store.tables import vault_keys
from privacam.store.vault_crypto import Sealed, WrappedKey, key_aad
from privacam.store.vault_master import load_master_key
from privacam.store.vault_shred import vacuum_vault

#: ``vault_keys.owner`` of a request item's data key.
OWNER = "request"


@dataclass(frozen=True)
class RequestItem:
    """One opened item: its bytes live in memory only."""

    name: str
    media_type: str
    data: bytes
    created_at: datetime
    expires_at: datetime | None


def item_aad(item_id: str, request_id: str, name: str) -> bytes:
    """The item's own row, its request and its name: a ciphertext moved elsewhere fails."""
    return b"|".join((b"privacam-request-v1", item_id.encode(), request_id.encode(), name.encode()))


def seal_item(
    tx: StoreTransaction,
    request_id: str,
    name: str,
    data: bytes,
    *,
    media_type: str,
    now: datetime,
    expires_at: datetime | None = None,
    key_source: KeySource = VAULT_KEY,
) -> str:
    """Seal ``data`` as ``request_id``'s item ``name`` (replacing an item of that name)."""
    shred_items(tx, request_id, names=[name])
    item_id = str(uuid.uuid4())
    sealed = Sealed.seal(data, aad=item_aad(item_id, request_id, name))
    master = load_master_key(tx.connection, key_source)
    wrapped = WrappedKey.wrap(sealed.data_key, master, aad=key_aad(OWNER, item_id))
    tx.connection.execute(
        insert(rights_request_items).values(
            item_id=item_id,
            request_id=request_id,
            name=name,
            media_type=media_type,
            created_at=now,
            expires_at=expires_at,
            nonce=sealed.nonce,
            ciphertext=sealed.ciphertext,
        )
    )
    tx.connection.execute(
        insert(vault_keys).values(
            owner_id=item_id,
            owner=OWNER,
            master_key_id=wrapped.master_key_id,
            nonce=wrapped.nonce,
            wrapped_key=wrapped.wrapped,
        )
    )
    return item_id


def open_item(
    store: Store, request_id: str, name: str, *, key_source: KeySource = VAULT_KEY
) -> RequestItem | None:
    """The item ``name`` of ``request_id``, decrypted in memory; ``None`` when not held."""
    i, k = rights_request_items, vault_keys
    query = (
        select(i, k.c.nonce.label("key_nonce"), k.c.wrapped_key, k.c.master_key_id)
        .join(k, k.c.owner_id == i.c.item_id)
        .where(i.c.request_id == request_id, i.c.name == name)
    )
    with store.engine.connect() as connection:
        row = connection.execute(query).first()
        if row is None:
            return None
        master = load_master_key(connection, key_source)
    wrapped = WrappedKey(row.key_nonce, row.wrapped_key, row.master_key_id)
    data_key = wrapped.unwrap(master, aad=key_aad(OWNER, row.item_id))
    data = Sealed(row.nonce, row.ciphertext).open(
        data_key, aad=item_aad(row.item_id, request_id, name)
    )
    return RequestItem(name, row.media_type, data, row.created_at, row.expires_at)


def item_names(connection: Connection, request_id: str) -> list[str]:
    """The names of the items ``request_id`` holds now."""
    i = rights_request_items
    query = select(i.c.name).where(i.c.request_id == request_id).order_by(i.c.name)
    return list(connection.execute(query).scalars())


def held_items(store: Store, request_id: str) -> list[str]:
    with store.engine.connect() as connection:
        return item_names(connection, request_id)


def shred_items(
    tx: StoreTransaction, request_id: str, *, names: Collection[str] | None = None
) -> list[str]:
    """Delete the request's items (those in ``names``, or all) with their keys; the names
    deleted. The transaction then checkpoints the WAL (``tx.deleted``)."""
    i = rights_request_items
    query = select(i.c.item_id, i.c.name).where(i.c.request_id == request_id)
    if names is not None:
        query = query.where(i.c.name.in_(sorted(names)))
    found = tx.connection.execute(query).all()
    ids = [row.item_id for row in found]
    if ids:
        tx.connection.execute(delete(vault_keys).where(vault_keys.c.owner_id.in_(ids)))
        tx.connection.execute(delete(i).where(i.c.item_id.in_(ids)))
        tx.deleted += len(ids)
    return sorted(row.name for row in found)


def expired_items(connection: Connection, now: datetime) -> list[tuple[str, str]]:
    """(request id, item name) of every item whose expiry has passed."""
    i = rights_request_items
    query = select(i.c.request_id, i.c.name).where(i.c.expires_at <= now)
    return [(row.request_id, row.name) for row in connection.execute(query)]


def reclaim(store: Store) -> None:
    """PostgreSQL: VACUUM the items and the key table after deletions, so the dead tuples
    of shredded items are reclaimed soon (see :func:`~privacam.store.vault_shred.vacuum_vault`
    for what this does and does not guarantee); a no-op on SQLite."""
    vacuum_vault(store.engine, tables=("vault_keys", "rights_request_items"))


def store_token_hash(tx: StoreTransaction, request_id: str, token_hash: str) -> None:
    tx.connection.execute(
        insert(rights_request_tokens).values(token_hash=token_hash, request_id=request_id)
    )


def request_for_token_hash(store: Store, token_hash: str) -> str | None:
    """The request whose status token hashes to ``token_hash``; ``None`` for any other."""
    t = rights_request_tokens
    with store.engine.connect() as connection:
        return connection.execute(
            select(t.c.request_id).where(t.c.token_hash == token_hash)
        ).scalar()
