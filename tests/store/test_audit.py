"""The audit chain: an intact chain verifies; edits, removals, truncation and a chain
recomputed under another key are each caught, naming the seq."""

from __future__ import annotations

import dataclasses
import itertools
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from privacam.errors import InputError
from privacam.store import AuditHead, AuditKeyMismatch, Store
from privacam.store.audit import GENESIS, AuditEntry, key_id, load_key

from .conftest import line_count


def fill(store: Store, n: int = 5) -> None:
    for i in range(1, n + 1):
        store.audit.append("export", f"line_counts #{i}", {"rows": i, "note": "出力"})


def tamper(store: Store, *statements: str, params: dict | None = None) -> None:
    """What someone with write access to the database does: lift the guard, then edit."""
    with store.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        for statement in statements:
            connection.execute(text(statement), params or {})


def test_an_intact_chain_verifies_and_its_head_is_beside_the_database(store: Store) -> None:
    fill(store)
    report = store.audit.verify()
    assert report.ok, report.problems
    assert report.entries == 5
    assert report.head.seq == 5
    head_file = AuditHead.read(store.audit.head_path)
    assert (head_file.seq, head_file.mac) == (5, report.head.mac)
    entries = list(store.audit.entries())
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_mac == GENESIS
    assert all(b.prev_mac == a.mac for a, b in itertools.pairwise(entries))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET details = :details WHERE seq = 3",
        "UPDATE audit_log SET actor = 'nobody@nowhere' WHERE seq = 3",
        "UPDATE audit_log SET action = 'noop' WHERE seq = 3",
    ],
)
def test_an_edited_entry_is_named(store: Store, statement: str) -> None:
    fill(store)
    tamper(store, statement, params={"details": '{"note":"出力","rows":300}'})
    report = store.audit.verify()
    assert not report.ok
    assert report.first_bad_seq == 3
    assert [seq for seq, _ in report.problems] == [3]
    assert "MAC mismatch" in report.problems[0][1]


def test_a_removed_entry_is_named(store: Store) -> None:
    fill(store)
    tamper(store, "DELETE FROM audit_log WHERE seq = 3")
    report = store.audit.verify()
    assert report.first_bad_seq == 3
    assert "seq 3 missing" in report.problems[0][1]


def test_a_truncated_chain_is_caught_by_the_head_file(store: Store) -> None:
    fill(store)
    tamper(store, "DELETE FROM audit_log WHERE seq >= 4")
    report = store.audit.verify()
    assert report.first_bad_seq == 4
    assert "truncated" in report.problems[0][1] and "seq 5" in report.problems[0][1]


def test_truncation_with_a_rolled_back_head_file_is_caught_by_the_exported_head(
    store: Store, tmp_path: Path
) -> None:
    fill(store)
    exported = store.audit.head()
    exported.write(tmp_path / "head.json")
    tamper(store, "DELETE FROM audit_log WHERE seq >= 4")
    store.audit.head_path.unlink()  # the tamperer also rewrites the head beside the database
    store.audit.write_head_file()
    assert store.audit.verify().ok  # nothing left beside the database to notice it ...
    report = store.audit.verify(heads={"exported": AuditHead.read(tmp_path / "head.json")})
    assert report.first_bad_seq == 4  # ... but the head kept elsewhere does


def test_a_chain_recomputed_under_another_key_fails(store: Store) -> None:
    fill(store)
    forged_key = os.urandom(32)
    tamper(store, "UPDATE audit_log SET details = :d WHERE seq = 2", params={"d": '{"rows":0}'})
    prev = GENESIS
    for entry in list(store.audit.entries()):
        forged = dataclasses.replace(entry, prev_mac=prev, mac="")
        mac = forged.expected_mac(forged_key)
        tamper(
            store,
            "UPDATE audit_log SET prev_mac = :prev, mac = :mac WHERE seq = :seq",
            params={"prev": prev, "mac": mac, "seq": entry.seq},
        )
        prev = mac
    store.audit.head_path.unlink()
    store.audit.write_head_file()
    report = store.audit.verify()
    assert report.first_bad_seq == 1
    assert {seq for seq, _ in report.problems} == {1, 2, 3, 4, 5}


def test_verifying_with_another_key_fails_from_seq_1(store: Store, monkeypatch) -> None:
    fill(store, 2)
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY", os.urandom(32).hex())
    other = Store.open(store.url)
    report = other.audit.verify()
    other.close()
    assert report.first_bad_seq == 1
    assert any("another key" in w for w in report.warnings)


def test_key_file_is_created_private_and_reused(audit_key_file: Path) -> None:
    assert not audit_key_file.exists()
    key = load_key(create=True)
    assert len(key) == 32
    assert stat.S_IMODE(audit_key_file.stat().st_mode) == 0o600
    assert load_key(create=False) == key


def test_key_from_the_environment_wins_and_must_be_hex(monkeypatch, audit_key_file) -> None:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY", "11" * 32)
    assert load_key(create=True) == bytes.fromhex("11" * 32)
    assert not audit_key_file.exists()
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY", "not hex")
    with pytest.raises(InputError, match="must be hex"):
        load_key(create=True)
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY", "11" * 8)
    with pytest.raises(InputError, match="at least 16"):
        load_key(create=True)


def test_verify_without_the_key_says_which_key_is_missing(sqlite_store: Store) -> None:
    with pytest.raises(InputError, match="no audit key"):
        sqlite_store.audit.verify()


def test_entry_mac_covers_every_field() -> None:
    key = b"k" * 32
    from datetime import UTC, datetime

    entry = AuditEntry(1, datetime(2026, 4, 1, tzinfo=UTC), "a", "b", "c", "{}", GENESIS, "")
    base = entry.expected_mac(key)
    for name, value in [
        ("seq", 2),
        ("time", datetime(2026, 4, 1, 0, 0, 0, 1, tzinfo=UTC)),
        ("actor", "x"),
        ("action", "x"),
        ("subject", "x"),
        ("details", '{"a":1}'),
        ("prev_mac", "1" * 64),
    ]:
        assert dataclasses.replace(entry, **{name: value}).expected_mac(key) != base, name
    assert len(key_id(key)) == 16


# ---------------------------------------------------------------- one key per chain (item 10)


def test_a_writer_refuses_to_append_under_a_missing_key_file(
    store: Store, tmp_path: Path, monkeypatch, audit_key_file: Path
) -> None:
    fill(store, 2)
    other_file = tmp_path / "elsewhere" / "audit.key"
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(other_file))
    with (
        Store.open(store.url, head_path=store.audit.head_path) as other,
        pytest.raises(AuditKeyMismatch) as refused,
    ):
        other.audit.append("export", "line_counts", {"rows": 1})
    message = str(refused.value)
    assert str(other_file) in message and str(audit_key_file) in message
    assert "PRIVACAM_AUDIT_KEY_FILE" in message and "監査鍵" in message
    assert len(message.splitlines()) == 1 and refused.value.exit_code == 2
    assert not other_file.exists()  # no second key was made for a chain that has one
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(audit_key_file))
    report = store.audit.verify()
    assert report.ok and report.entries == 2


def test_a_writer_refuses_to_append_under_another_existing_key(store: Store, monkeypatch) -> None:
    fill(store, 2)
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY", os.urandom(32).hex())
    refusal = r"is not this log.s key: the audit log \(2 entries\)"
    with Store.open(store.url, head_path=store.audit.head_path) as other:
        # The records of a transaction whose audit entry is refused are not written either.
        with pytest.raises(AuditKeyMismatch, match=refusal), other.transaction() as tx:
            tx.write([line_count()])
            tx.audit("export", "line_counts", {})
        assert other.count(type(line_count())) == 0
    monkeypatch.delenv("PRIVACAM_AUDIT_KEY")
    assert store.audit.verify().ok and len(list(store.audit.entries())) == 2


def test_a_new_audit_key_is_made_only_for_a_store_without_entries(
    store: Store, audit_key_file: Path
) -> None:
    assert not audit_key_file.exists()
    store.audit.append("config.change", "privacam.yaml", {})
    assert audit_key_file.exists()
    head = AuditHead.read(store.audit.head_path)
    assert head.key_file == str(audit_key_file) and head.key_id == key_id(load_key(create=False))
