"""The vault: sealed templates round-trip, bind to their rows, match one-to-many, shred."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from privacam.records import RepeatVisit
from privacam.store import Store
from privacam.store.tables import vault_keys, vault_templates
from privacam.store.vault import Vault
from privacam.store.vault_crypto import VaultIntegrityError
from privacam.store.vault_master import VaultKeyMismatch

from .vault_helpers import MODEL, T0, mix, near, random_feature, visit


@pytest.fixture
def vault(store: Store) -> Vault:
    return Vault(store, model=MODEL)


def test_an_enrolled_template_matches_after_the_store_is_reopened(store: Store, rng) -> None:
    alice = random_feature(rng)
    visitor = Vault(store, model=MODEL).enrol(alice, store_id="s1", seen_at=T0)
    with Store.open(store.url) as reopened:
        found = Vault(reopened, model=MODEL).match(near(alice, rng), threshold=0.9, margin=0.02)
    assert found is not None and found.visitor_id == visitor and found.similarity > 0.9


def test_visitor_ids_are_random_uuid4_never_derived_from_the_face(store: Store, rng) -> None:
    face = random_feature(rng)
    first = Vault(store, model=MODEL).enrol(face, store_id="s1", seen_at=T0)
    second = Vault(store, model=MODEL).enrol(face, store_id="s1", seen_at=T0)
    assert first != second
    assert uuid.UUID(first).version == 4 and uuid.UUID(second).version == 4


def test_each_template_has_its_own_data_key(vault: Vault, store: Store, rng) -> None:
    for _ in range(5):
        vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    with store.engine.connect() as connection:
        keys = connection.execute(select(vault_keys.c.wrapped_key, vault_keys.c.nonce)).all()
    assert len(keys) == 5
    assert len({k.wrapped_key for k in keys}) == 5 and len({k.nonce for k in keys}) == 5
    data_keys = {bytes(k) for k in _unwrapped_keys(store, vault.master_key)}
    assert len(data_keys) == 5


def _unwrapped_keys(store: Store, master: bytes) -> list[bytes]:
    from privacam.store.vault_crypto import WrappedKey, key_aad

    with store.engine.connect() as connection:
        rows = connection.execute(select(vault_keys)).mappings().all()
    return [
        WrappedKey(r["nonce"], r["wrapped_key"], r["master_key_id"]).unwrap(
            master, aad=key_aad(r["owner"], r["owner_id"])
        )
        for r in rows
    ]


def test_no_plaintext_feature_byte_is_stored(vault: Vault, store: Store, rng) -> None:
    face = random_feature(rng)
    vault.enrol(face, store_id="s1", seen_at=T0)
    with store.engine.connect() as connection:
        (ciphertext,) = connection.execute(select(vault_templates.c.ciphertext)).one()
    assert face.astype("<f4").tobytes()[:16] not in bytes(ciphertext)
    assert len(ciphertext) == face.size * 4 + 16  # the sealed feature and its GCM tag


@pytest.mark.parametrize("column", ["ciphertext", "visitor_id"])
def test_a_template_moved_to_another_row_does_not_open(store: Store, rng, column: str) -> None:
    vault = Vault(store, model=MODEL)
    vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    t = vault_templates
    with store.engine.begin() as connection:
        first, second = connection.execute(select(t).order_by(t.c.template_id)).mappings().all()
        names = ["nonce", "ciphertext"] if column == "ciphertext" else ["visitor_id"]
        for row, other in ((first, second), (second, first)):
            connection.execute(
                update(t)
                .where(t.c.template_id == row["template_id"])
                .values({name: other[name] for name in names})
            )
    with pytest.raises(VaultIntegrityError, match="swapped"):
        Vault(store, model=MODEL).match(random_feature(rng), threshold=0.9, margin=0.02)


def test_a_wrapped_key_moved_to_another_row_does_not_open(store: Store, rng) -> None:
    vault = Vault(store, model=MODEL)
    vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    k = vault_keys
    with store.engine.begin() as connection:
        first, second = connection.execute(select(k)).mappings().all()
        for row, other in ((first, second), (second, first)):
            connection.execute(
                update(k)
                .where(k.c.owner_id == row["owner_id"])
                .values(nonce=other["nonce"], wrapped_key=other["wrapped_key"])
            )
    with pytest.raises(VaultIntegrityError, match="data key"):
        Vault(store, model=MODEL).match(random_feature(rng), threshold=0.9, margin=0.02)


def test_a_face_below_the_threshold_matches_no_one(vault: Vault, rng) -> None:
    vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    assert vault.match(random_feature(rng), threshold=0.5, margin=0.02) is None


def test_a_face_as_close_to_two_visitors_is_ambiguous(vault: Vault, rng) -> None:
    alice, bob = random_feature(rng), random_feature(rng)
    vault.enrol(alice, store_id="s1", seen_at=T0)
    vault.enrol(bob, store_id="s1", seen_at=T0)
    between = mix(alice, bob)
    assert vault.match(between, threshold=0.5, margin=0.02) is None
    assert len(vault.candidates(between, threshold=0.5)) == 2
    assert vault.match(mix(alice, bob, 0.9), threshold=0.5, margin=0.02).similarity > 0.9


def test_the_closest_visitor_above_the_threshold_matches(vault: Vault, rng) -> None:
    faces = [random_feature(rng) for _ in range(20)]
    ids = [vault.enrol(face, store_id="s1", seen_at=T0) for face in faces]
    for face, visitor in zip(faces, ids, strict=True):
        found = vault.match(near(face, rng), threshold=0.9, margin=0.02)
        assert found is not None and found.visitor_id == visitor


def test_templates_of_stores_not_listed_are_never_matched(store: Store, rng) -> None:
    face = random_feature(rng)
    Vault(store, model=MODEL, stores=["other_operator_shop"]).enrol(
        face, store_id="other_operator_shop", seen_at=T0
    )
    ours = Vault(store, model=MODEL, stores=["shibuya", "shinjuku"])
    assert ours.match(face, threshold=0.9, margin=0.02) is None
    assert ours.candidates(face, threshold=0.5) == []


def test_enrolling_into_a_store_not_listed_is_refused(store: Store, rng) -> None:
    ours = Vault(store, model=MODEL, stores=["shibuya"])
    with pytest.raises(ValueError, match="not one of this operator's stores"):
        ours.enrol(random_feature(rng), store_id="elsewhere", seen_at=T0)


def test_templates_of_another_embedder_are_never_compared(store: Store, rng) -> None:
    face = random_feature(rng)
    Vault(store, model="other_model").enrol(face, store_id="s1", seen_at=T0)
    assert Vault(store, model=MODEL).match(face, threshold=0.5, margin=0.02) is None


def test_a_feature_that_is_not_unit_length_is_refused(vault: Vault, rng) -> None:
    with pytest.raises(ValueError, match="unit length"):
        vault.enrol(2 * random_feature(rng), store_id="s1", seen_at=T0)


def test_deleting_a_visitor_destroys_their_keys_templates_and_visits(
    vault: Vault, store: Store, rng
) -> None:
    alice, bob = random_feature(rng), random_feature(rng)
    a = vault.enrol(alice, store_id="s1", seen_at=T0)
    b = vault.enrol(bob, store_id="s1", seen_at=T0)
    store.write([visit(a), visit(a, T0 + timedelta(days=1), repeat=True), visit(b)])
    receipt = vault.delete_visitor(a, reason="deletion request R-1")
    assert (receipt.templates, receipt.visits) == (1, 2)
    assert [v.visitor_id for v in store.read(RepeatVisit)] == [b]
    with store.engine.connect() as connection:
        assert connection.execute(select(vault_keys)).all().__len__() == 1
        assert connection.execute(select(vault_templates.c.visitor_id)).scalars().all() == [b]
    assert vault.match(alice, threshold=0.9, margin=0.02) is None
    assert vault.match(bob, threshold=0.9, margin=0.02).visitor_id == b
    entry = next(e for e in store.audit.entries() if e.action == "vault.delete")
    assert entry.seq == receipt.audit_seq and entry.subject == a
    details = json.loads(entry.details)
    assert details["reason"] == "deletion request R-1" and details["visits"] == 2


def test_a_wrong_master_key_is_named_as_such(store: Store, rng, monkeypatch) -> None:
    Vault(store, model=MODEL).enrol(random_feature(rng), store_id="s1", seen_at=T0)
    monkeypatch.setenv("PRIVACAM_VAULT_KEY", "ab" * 32)
    with pytest.raises(VaultKeyMismatch, match="not the one its templates are wrapped with"):
        Vault(store, model=MODEL).match(random_feature(rng), threshold=0.9, margin=0.02)


def test_visits_of_returns_the_visitors_visits_and_is_audited(
    vault: Vault, store: Store, rng
) -> None:
    a = vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    b = vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    store.write([visit(a, T0 + timedelta(days=2)), visit(b), visit(a)])
    assert [v.seen_at for v in vault.visits_of(a)] == [T0, T0 + timedelta(days=2)]
    assert [e.action for e in store.audit.entries()][-1] == "vault.visits_of"


def test_matching_and_enrolment_are_audited_once_per_run(vault: Vault, store: Store, rng) -> None:
    face = random_feature(rng)
    vault.enrol(face, store_id="s1", seen_at=T0)
    vault.match(near(face, rng), threshold=0.9, margin=0.02)
    vault.match(random_feature(rng), threshold=0.9, margin=0.02)
    vault.is_excluded(face, threshold=0.9)
    entry = vault.audit_usage(run_id="run-1")
    assert entry is not None and entry.action == "vault.use" and entry.subject == "run-1"
    details = json.loads(entry.details)
    assert details["enrolled"] == 1 and details["matched"] == 1
    assert details["unmatched"] == 1 and details["exclusion_checks"] == 1
    assert vault.audit_usage(run_id="run-1") is None  # nothing new since


def test_an_opted_out_face_is_excluded_and_others_are_not(vault: Vault, store: Store, rng) -> None:
    carol, dave = random_feature(rng), random_feature(rng)
    exclusion = vault.add_exclusion(carol, reason="opt-out R-2")
    assert vault.is_excluded(near(carol, rng), threshold=0.9)
    assert not vault.is_excluded(dave, threshold=0.9)
    assert Vault(store, model=MODEL).is_excluded(carol, threshold=0.9)  # sealed, reopened
    entry = next(e for e in store.audit.entries() if e.action == "vault.exclusion.add")
    assert entry.subject == exclusion


def test_deleting_an_unknown_visitor_deletes_nothing_and_is_still_audited(
    vault: Vault, store: Store, rng
) -> None:
    kept = vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    receipt = vault.delete_visitor(str(uuid.uuid4()), reason="request for someone not held")
    assert (receipt.templates, receipt.visits) == (0, 0)
    assert [e.action for e in store.audit.entries()] == ["vault.delete"]
    with store.engine.connect() as connection:
        assert connection.execute(select(vault_templates.c.visitor_id)).scalars().all() == [kept]


def test_two_templates_of_one_visitor_are_not_ambiguous_with_each_other(rng) -> None:
    from privacam.store.vault_matching import FeatureMatrix

    alice, bob = random_feature(rng), random_feature(rng)
    matrix = FeatureMatrix()
    matrix.add("t1", "alice", alice)
    matrix.add("t2", "alice", near(alice, rng))
    matrix.add("t3", "bob", bob)
    found = matrix.best(alice, threshold=0.9, margin=0.02)
    assert found is not None and found.visitor_id == "alice"
    assert [m.visitor_id for m in matrix.ranked(alice)] == ["alice", "bob"]


def test_a_declared_retention_of_zero_is_kept_not_replaced_by_the_default(
    store: Store, rng
) -> None:
    vault = Vault(store, model=MODEL, retention=timedelta(0))
    face = random_feature(rng)
    vault.enrol(face, store_id="s1", seen_at=T0)
    assert Vault(store, model=MODEL).match(face, threshold=0.9, margin=0.02) is None


def test_a_visitor_deleted_by_another_process_is_no_longer_matched_by_a_running_vault(
    store: Store, rng
) -> None:
    running = Vault(store, model=MODEL)
    face = random_feature(rng)
    visitor = running.enrol(face, store_id="s1", seen_at=T0)
    assert running.match(face, threshold=0.9, margin=0.02).visitor_id == visitor
    Vault(store, model=MODEL).delete_visitor(visitor, reason="deletion request")  # `rights`
    assert running.match(face, threshold=0.9, margin=0.02) is None
    assert running.candidates(face, threshold=0.5) == []


def test_an_opt_out_recorded_by_another_process_holds_for_a_running_vault(
    store: Store, rng
) -> None:
    running = Vault(store, model=MODEL)
    face = random_feature(rng)
    assert not running.is_excluded(face, threshold=0.9)
    Vault(store, model=MODEL).add_exclusion(face, reason="opt-out R-3")  # `rights`
    assert running.is_excluded(near(face, rng), threshold=0.9)


def test_a_template_that_expires_during_a_run_is_no_longer_matched(store: Store, rng) -> None:
    import time_machine

    running = Vault(store, model=MODEL, retention=timedelta(days=30))
    face = random_feature(rng)
    with time_machine.travel(T0, tick=False):
        running.enrol(face, store_id="s1", seen_at=T0)
        assert running.match(face, threshold=0.9, margin=0.02) is not None
    with time_machine.travel(T0 + timedelta(days=31), tick=False):
        assert running.match(face, threshold=0.9, margin=0.02) is None
