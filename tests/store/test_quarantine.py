"""The quarantine: originals encrypted (their bytes never on disk), expiring, purged by the sweeper."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec
from privacam.store import open_store, sweep
from privacam.store.quarantine import SUFFIX, Quarantine, load_master_key, quarantine_for

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Own key files for the test: nothing touches ~/.config."""
    monkeypatch.delenv("PRIVACAM_QUARANTINE_KEY", raising=False)
    monkeypatch.delenv("PRIVACAM_AUDIT_KEY", raising=False)
    monkeypatch.setenv("PRIVACAM_QUARANTINE_KEY_FILE", str(tmp_path / "keys" / "q.key"))
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))
    return tmp_path / "keys"


def original(tmp_path: Path, size: int = 3_000_000) -> Path:
    path = tmp_path / "in" / "frame.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(size))  # spans several 1 MiB chunks
    return path


def all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_originals_are_encrypted_and_readable_only_with_the_key(tmp_path: Path, keys: Path) -> None:
    source = original(tmp_path)
    quarantine = Quarantine(tmp_path / "q")
    entry = quarantine.put(source, "in/frame.jpg", now=T0)
    data = source.read_bytes()
    stored = all_bytes(tmp_path / "q")
    for start in range(0, len(data) - 64, 250_000):  # no 64-byte run of the original anywhere
        assert data[start : start + 64] not in stored
    assert (keys / "q.key").stat().st_mode & 0o077 == 0
    assert quarantine.read(entry.path) == data
    assert entry.expires - entry.created == timedelta(hours=72)  # GB §6 default
    with pytest.raises(InputError, match="wrong quarantine key"):
        Quarantine(tmp_path / "q", master_key=bytes(32)).read(entry.path)


def test_tampering_is_detected(tmp_path: Path) -> None:
    quarantine = Quarantine(tmp_path / "q", master_key=os.urandom(32))
    entry = quarantine.put(original(tmp_path, 10_000), "frame.jpg", now=T0)
    raw = bytearray(entry.path.read_bytes())
    raw[-20] ^= 1
    entry.path.write_bytes(bytes(raw))
    with pytest.raises(InputError, match="altered"):
        quarantine.read(entry.path)


def test_retention_is_capped_at_the_ceiling() -> None:
    assert Quarantine("q", retention=timedelta(days=90)).retention == timedelta(days=30)
    assert Quarantine("q", retention=timedelta(hours=1)).retention == timedelta(hours=1)


def test_expired_entries_are_shredded(tmp_path: Path) -> None:
    quarantine = Quarantine(tmp_path / "q", retention=timedelta(hours=24))
    old = quarantine.put(original(tmp_path), "a.jpg", now=T0)
    new = quarantine.put(original(tmp_path), "b.jpg", now=T0 + timedelta(hours=20))
    assert quarantine.purge_expired(T0 + timedelta(hours=23)) == []
    deleted = quarantine.purge_expired(T0 + timedelta(hours=25))
    assert [e.path for e in deleted] == [old.path]
    assert not old.path.exists() and new.path.exists()


def test_privacam_purge_sweeps_the_quarantine(tmp_path: Path) -> None:
    text = render_template("street").replace(
        "quarantine_dir: null   # no unmasked original is kept", "quarantine_dir: quarantine"
    )
    spec_path = tmp_path / "privacam.yaml"
    spec_path.write_text(text, encoding="utf-8")
    loaded = load_spec(spec_path)
    quarantine = quarantine_for(loaded)
    assert quarantine is not None and quarantine.directory == tmp_path / "quarantine"
    quarantine.put(original(tmp_path, 1000), "a.jpg", now=T0)
    with open_store(loaded) as store:
        kept = sweep(store, loaded, now=T0 + timedelta(hours=71))
        purged = sweep(store, loaded, now=T0 + timedelta(hours=73))
    assert kept.deleted["quarantine_files"] == 0
    assert purged.deleted["quarantine_files"] == 1
    assert purged.audit_seq is not None  # the purge was audited
    assert list((tmp_path / "quarantine").glob(f"*{SUFFIX}")) == []


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACAM_QUARANTINE_KEY", "ab" * 32)
    assert load_master_key() == bytes.fromhex("ab" * 32)
    monkeypatch.setenv("PRIVACAM_QUARANTINE_KEY", "abc")
    with pytest.raises(InputError, match="64 hex digits"):
        load_master_key()


def test_a_key_from_the_key_file_is_not_pickled(tmp_path: Path) -> None:
    import pickle

    quarantine = Quarantine(tmp_path / "q")
    key = quarantine.master_key  # read (created) from the key file
    assert key not in pickle.dumps(quarantine)
    assert pickle.loads(pickle.dumps(quarantine)).master_key == key  # re-read in the worker


def test_the_store_quarantine_is_the_street_case_originals_sink(tmp_path: Path) -> None:
    import inspect

    from privacam.cases.street import OriginalsSink

    quarantine = Quarantine(tmp_path / "q", master_key=bytes(32))
    assert isinstance(quarantine, OriginalsSink)
    wanted = inspect.signature(OriginalsSink.put).parameters
    given = inspect.signature(Quarantine.put).parameters
    assert list(wanted) == list(given)[: len(wanted)]
    original = tmp_path / "street.jpg"
    original.write_bytes(b"unmasked pixels")
    entry = quarantine.put(original, "street.jpg")
    assert entry.path.is_file() and entry.expires > entry.created
