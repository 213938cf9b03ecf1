"""Deletion is crypto-shredding: no byte of a deleted template or key stays readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from privacam.store import Store
from privacam.store.tables import vault_keys, vault_templates
from privacam.store.vault import Vault
from privacam.store.vault_crypto import (
    Sealed,
    VaultIntegrityError,
    WrappedKey,
    key_aad,
    template_aad,
)

from .vault_helpers import MODEL, T0, random_feature, visit


def sealed_rows(store: Store, visitor_id: str) -> tuple[Sealed, WrappedKey, str]:
    """The visitor's template as stored: its ciphertext, its wrapped key, its id."""
    t, k = vault_templates, vault_keys
    with store.engine.connect() as connection:
        row = connection.execute(
            select(t.c.template_id, t.c.nonce, t.c.ciphertext, k.c.nonce.label("key_nonce"))
            .add_columns(k.c.wrapped_key, k.c.master_key_id)
            .join(k, k.c.owner_id == t.c.template_id)
            .where(t.c.visitor_id == visitor_id)
        ).one()
    sealed = Sealed(bytes(row.nonce), bytes(row.ciphertext))
    return (
        sealed,
        WrappedKey(bytes(row.key_nonce), bytes(row.wrapped_key), row.master_key_id),
        (row.template_id),
    )


def database_files(path: Path) -> dict[str, bytes]:
    """The raw bytes of the database and of its WAL and journal, where they exist."""
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")]
    return {f.name: f.read_bytes() for f in files if f.exists()}


def test_deleting_a_visitor_leaves_no_byte_of_template_or_key_in_the_sqlite_files(
    sqlite_store: Store, rng
) -> None:
    vault = Vault(sqlite_store, model=MODEL)
    others = [vault.enrol(random_feature(rng), store_id="s1", seen_at=T0) for _ in range(3)]
    face = random_feature(rng)
    target = vault.enrol(face, store_id="s1", seen_at=T0)
    others += [vault.enrol(random_feature(rng), store_id="s1", seen_at=T0) for _ in range(3)]
    sqlite_store.write([visit(target), *(visit(v) for v in others)])
    sealed, wrapped, template_id = sealed_rows(sqlite_store, target)
    data_key = wrapped.unwrap(vault.master_key, aad=key_aad("template", template_id))
    secrets = {
        "ciphertext": sealed.ciphertext,
        "wrapped key": wrapped.wrapped,
        "data key": data_key,
        "plaintext feature": face.astype("<f4").tobytes()[:32],
    }
    # Before: the sealed bytes are there to be found, so the scan below can fail.
    before = b"".join(database_files(sqlite_store.path).values())
    assert sealed.ciphertext in before and wrapped.wrapped in before

    vault.delete_visitor(target, reason="deletion request")

    files = database_files(sqlite_store.path)
    assert sqlite_store.path.name in files
    found = [
        f"{what} in {name}"
        for name, content in files.items()
        for what, needle in secrets.items()
        if needle in content
    ]
    assert found == []
    assert Vault(sqlite_store, model=MODEL).match(face, threshold=0.9, margin=0.02) is None


@pytest.fixture
def postgres_store():
    from .conftest import postgres_schema_url

    for url in postgres_schema_url():
        with Store.open(url) as store:
            yield store


@pytest.mark.postgres
def test_after_deletion_no_key_the_postgres_store_holds_opens_the_ciphertext(
    postgres_store: Store, rng
) -> None:
    store = postgres_store
    vault = Vault(store, model=MODEL)
    vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    target = vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    sealed, wrapped, template_id = sealed_rows(store, target)
    aad = template_aad(template_id, target, "s1")
    # Before deletion its own key opens it: the check below can fail.
    sealed.open(wrapped.unwrap(vault.master_key, aad=key_aad("template", template_id)), aad=aad)

    vault.delete_visitor(target, reason="deletion request")

    with store.engine.connect() as connection:
        remaining = connection.execute(select(vault_keys)).mappings().all()
    assert template_id not in {row["owner_id"] for row in remaining}
    opened = []
    for row in remaining:  # every data key the store still holds, tried on the ciphertext
        key = WrappedKey(row["nonce"], row["wrapped_key"], row["master_key_id"]).unwrap(
            vault.master_key, aad=key_aad(row["owner"], row["owner_id"])
        )
        try:
            sealed.open(key, aad=aad)
            opened.append(row["owner_id"])
        except VaultIntegrityError:
            pass
    assert len(remaining) == 1 and opened == []


@pytest.mark.postgres
def test_deleting_on_postgres_vacuums_the_key_table(postgres_store: Store, rng) -> None:
    from sqlalchemy import text

    def last_vacuum():
        with postgres_store.engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT last_vacuum FROM pg_stat_user_tables "
                    "WHERE relname = 'vault_keys' AND schemaname = current_schema()"
                )
            ).scalar_one()

    vault = Vault(postgres_store, model=MODEL)
    target = vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    assert last_vacuum() is None
    vault.delete_visitor(target, reason="deletion request")
    assert last_vacuum() is not None
