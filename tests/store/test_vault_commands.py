"""privacam vault status|rotate-key, and purge on the vault, as an operator runs them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from privacam.policy import face_matching
from privacam.policy.face_matching import MatchCalibration
from privacam.store import open_store
from privacam.store.vault import Vault
from privacam.store.vault_crypto import master_key_id
from privacam.store.vault_master import read_key_file
from tests.helpers.cli import run

from .conftest import loaded_spec
from .test_commands import one_error_line
from .vault_helpers import MODEL, T0, random_feature

FIRST = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)


@pytest.fixture
def site(tmp_path: Path, rng) -> Path:
    """A repeat deployment whose vault holds two visitors and one exclusion."""
    loaded = loaded_spec(tmp_path, "repeat")
    with open_store(loaded) as store:
        vault = Vault.for_deployment(store, loaded.spec, model=MODEL)
        for _ in range(2):
            vault.enrol(random_feature(rng), store_id="ikebukuro", seen_at=T0)
        vault.add_exclusion(random_feature(rng), reason="opt-out")
    return loaded.path


def test_vault_status_shows_counts_dates_and_that_the_key_matches(site: Path, capsys) -> None:
    code, out, err = run(capsys, "vault", "status", str(site))
    assert code == 0 and err == ""
    values = status_values(out)
    assert values["テンプレート / templates"] == f"2 ({MODEL}: 2)"
    assert values["来店者 / visitors"] == "2" and values["除外テンプレート / exclusions"] == "1"
    tokyo = T0.astimezone(ZoneInfo("Asia/Tokyo")).isoformat(timespec="seconds")
    assert values["最古の初回来店 / oldest first visit"] == tokyo
    assert values["マスター鍵 / master key"].endswith("一致 / matches")


def status_values(out: str) -> dict[str, str]:
    """The status lines as label → value (labels and values are two spaces apart)."""
    pairs = (line.split("  ", 1) for line in out.splitlines() if "  " in line)
    return {label.strip(): value.strip() for label, value in pairs}


def test_vault_status_warns_above_the_gallery_limit(site: Path, capsys, monkeypatch) -> None:
    limit = MatchCalibration(MODEL, 0.9, 0.9, 0.001, 100, 1, "monkeypatched")
    monkeypatch.setitem(face_matching.CALIBRATIONS, MODEL, limit)
    code, _, err = run(capsys, "vault", "status", str(site))
    assert code == 0 and "warning:" in err and "gallery limit 1" in err


def test_vault_status_names_a_key_that_does_not_match(site: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PRIVACAM_VAULT_KEY", "ef" * 32)
    code, out, _ = run(capsys, "vault", "status", str(site))
    assert code == 0 and "不一致 / does NOT match the vault" in out


def test_vault_rotate_key_rewraps_every_key_and_replaces_the_key_file(
    site: Path, capsys, vault_key_file: Path
) -> None:
    old = read_key_file(vault_key_file)
    code, out, _ = run(capsys, "vault", "rotate-key", str(site))
    new = read_key_file(vault_key_file)
    assert code == 0 and new != old
    assert "re-wrapped 3 data keys" in out and master_key_id(new) in out
    code, out, _ = run(capsys, "vault", "status", str(site))
    assert "一致 / matches" in out


def test_vault_rotate_key_under_a_wrong_key_is_one_error_line(
    site: Path, capsys, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PRIVACAM_VAULT_KEY", "ef" * 32)
    new = tmp_path / "new.key"
    code, _, err = run(capsys, "vault", "rotate-key", str(site), "--new-key-file", str(new))
    assert code == 2 and one_error_line(err) and "master key" in err
    assert not new.exists()


def test_purge_shreds_expired_templates(tmp_path: Path, capsys, rng) -> None:
    loaded = loaded_spec(tmp_path, "repeat")  # face_features: 180 days
    with time_machine.travel(FIRST, tick=False), open_store(loaded) as store:
        Vault.for_deployment(store, loaded.spec, model=MODEL).enrol(
            random_feature(rng), store_id="ikebukuro", seen_at=FIRST
        )
    code, out, _ = run(capsys, "purge", str(loaded.path), "--now", "2026-07-10T00:00+09:00")
    assert code == 0 and "deleted        1 vault_templates" in out
    code, out, _ = run(capsys, "vault", "status", str(loaded.path))
    assert status_values(out)["テンプレート / templates"] == "0"
