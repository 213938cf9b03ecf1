"""Master-key rotation re-wraps every data key; the old master key opens nothing after it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from privacam.errors import InputError
from privacam.store import Store
from privacam.store.keys import KeySource
from privacam.store.tables import vault_keys
from privacam.store.vault import Vault
from privacam.store.vault_crypto import VaultIntegrityError, WrappedKey, key_aad, master_key_id
from privacam.store.vault_master import pending_key_file, read_key_file
from privacam.store.vault_rotation import rotate_vault_key

from .vault_helpers import MODEL, T0, near, random_feature


def wrapped_keys(store: Store) -> list[tuple[WrappedKey, bytes]]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(vault_keys)).mappings().all()
    return [
        (
            WrappedKey(row["nonce"], row["wrapped_key"], row["master_key_id"]),
            key_aad(row["owner"], row["owner_id"]),
        )
        for row in rows
    ]


def test_after_rotation_the_old_master_key_opens_nothing(
    store: Store, rng, vault_key_file: Path, monkeypatch
) -> None:
    vault = Vault(store, model=MODEL)
    faces = [random_feature(rng) for _ in range(3)]
    ids = [vault.enrol(face, store_id="s1", seen_at=T0) for face in faces]
    vault.add_exclusion(random_feature(rng), reason="opt-out")
    old_key = vault.master_key
    before = wrapped_keys(store)
    assert all(w.unwrap(old_key, aad=aad) for w, aad in before)  # it opened them before

    report = rotate_vault_key(store)

    assert report.rewrapped == 4 and report.replaced and report.new_key_file == vault_key_file
    new_key = read_key_file(vault_key_file)
    assert new_key != old_key and not pending_key_file().exists()
    for wrapped, aad in wrapped_keys(store):
        assert wrapped.master_key_id == master_key_id(new_key)
        with pytest.raises(VaultIntegrityError):
            wrapped.unwrap(old_key, aad=aad)
    # An operator who kept the old key: the vault refuses it by name.
    monkeypatch.setenv("OLD_VAULT_KEY", old_key.hex())
    old_source = KeySource("vault", "OLD_VAULT_KEY", "OLD_VAULT_KEY_FILE", "old.key")
    with pytest.raises(InputError, match="not the one its templates are wrapped with"):
        Vault(store, model=MODEL, key_source=old_source).match(faces[0], threshold=0.9, margin=0.02)
    rotated = Vault(store, model=MODEL)  # reads the new key file
    assert rotated.match(near(faces[1], rng), threshold=0.9, margin=0.02).visitor_id == ids[1]
    entry = next(e for e in store.audit.entries() if e.action == "vault.rotate")
    details = json.loads(entry.details)
    assert details == {"keys": 4, "from": master_key_id(old_key), "to": master_key_id(new_key)}


def test_a_rotation_interrupted_after_commit_is_finished_on_the_next_open(
    store: Store, rng, vault_key_file: Path
) -> None:
    vault = Vault(store, model=MODEL)
    face = random_feature(rng)
    visitor = vault.enrol(face, store_id="s1", seen_at=T0)
    pending = pending_key_file()
    # What a crash between the commit and the key file's replacement leaves behind.
    pending.write_text(os.urandom(32).hex() + "\n", encoding="ascii")
    os.chmod(pending, 0o600)
    new_key = read_key_file(pending)
    vault.rotate_master_key(new_key)

    reopened = Vault(store, model=MODEL)
    assert reopened.match(face, threshold=0.9, margin=0.02).visitor_id == visitor
    assert read_key_file(vault_key_file) == new_key and not pending.exists()


def test_rotating_to_a_given_key_file_leaves_the_old_file_for_the_operator(
    store: Store, rng, tmp_path: Path, monkeypatch
) -> None:
    vault = Vault(store, model=MODEL)
    face = random_feature(rng)
    visitor = vault.enrol(face, store_id="s1", seen_at=T0)
    target = tmp_path / "new" / "vault.key"
    report = rotate_vault_key(store, new_key_file=target)
    assert not report.replaced and report.new_key_file == target
    assert target.stat().st_mode & 0o077 == 0
    monkeypatch.setenv("PRIVACAM_VAULT_KEY_FILE", str(target))
    assert Vault(store, model=MODEL).match(face, threshold=0.9, margin=0.02).visitor_id == visitor


def test_a_key_from_the_environment_needs_a_new_key_file(store: Store, rng, monkeypatch) -> None:
    monkeypatch.setenv("PRIVACAM_VAULT_KEY", "cd" * 32)
    Vault(store, model=MODEL).enrol(random_feature(rng), store_id="s1", seen_at=T0)
    with pytest.raises(InputError, match="--new-key-file"):
        rotate_vault_key(store)


def test_rotating_to_the_same_key_is_refused(store: Store, rng) -> None:
    vault = Vault(store, model=MODEL)
    vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    with pytest.raises(InputError, match="is the current key"):
        vault.rotate_master_key(vault.master_key)
