"""privacam purge, export and audit verify|head as a user runs them: exit codes and one line."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from privacam.records import FlowWindow, LineCount, Trajectory
from privacam.store import open_store
from tests.helpers.cli import run

from .conftest import T0, line_count, loaded_spec, trajectory
from .test_audit import tamper


def one_error_line(err: str) -> bool:
    """One ``privacam: error:`` line and no traceback (warnings may precede it)."""
    errors = [line for line in err.splitlines() if line.startswith("privacam: error:")]
    return len(errors) == 1 and "Traceback" not in err


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A flow deployment whose store holds old and new counts and visits."""
    loaded = loaded_spec(tmp_path, "flow")
    with open_store(loaded) as store:
        store.write(
            [
                line_count(T0, camera_id="北口", count=3),
                line_count(T0 + timedelta(days=4 * 365), count=20),
                trajectory(T0 + timedelta(days=4 * 365 - 100), dwell={"entrance": 8.0}),
                trajectory(T0 + timedelta(days=4 * 365 - 1)),
            ]
        )
    return loaded.path


def test_purge_deletes_expired_rows_and_reports_counts(site: Path, capsys) -> None:
    code, out, _ = run(capsys, "purge", str(site), "--now", "2030-04-01T09:00+09:00")
    assert code == 0
    assert "deleted        1 line_counts" in out
    assert "deleted        1 trajectories" in out
    assert "folded         1 flow_windows rows" in out
    assert "purge done: 2 rows deleted" in out
    with open_store(loaded_spec(site.parent, "flow")) as store:
        assert [c.count for c in store.read(LineCount)] == [20]
        assert store.count(Trajectory) == 1
        assert [(w.zone, w.visits) for w in store.read(FlowWindow)] == [("entrance", 1)]
        assert [e.action for e in store.audit.entries()] == ["purge"]


def test_export_writes_csv_and_is_audited(site: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "counts.csv"
    code, stdout, _ = run(capsys, "export", str(site), "--kind", "line_counts", "-o", str(out))
    assert code == 0 and "wrote 2 line_counts rows" in stdout
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "北口" in raw.decode("utf-8-sig")
    code, stdout, _ = run(
        capsys, "export", str(site), "--kind", "line_counts", "--format", "json", "--published"
    )
    document = json.loads(stdout)
    assert document["k"] == 10 and [r["count"] for r in document["rows"]] == [None, 20]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--kind", "counts"], "unknown record kind 'counts'"),
        (["--kind", "trajectories", "--published"], "never published"),
    ],
)
def test_export_errors_are_one_line(site: Path, capsys, argv, message) -> None:
    code, _, err = run(capsys, "export", str(site), *argv)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_audit_head_then_verify_passes_and_tampering_fails(
    site: Path, tmp_path: Path, capsys
) -> None:
    run(capsys, "export", str(site), "--kind", "line_counts", "-o", str(tmp_path / "a.csv"))
    run(capsys, "export", str(site), "--kind", "coverage", "-o", str(tmp_path / "b.csv"))
    head = tmp_path / "head.json"
    code, out, _ = run(capsys, "audit", "head", str(site), "-o", str(head))
    assert code == 0 and json.loads(head.read_text())["seq"] == 2
    code, out, _ = run(capsys, "audit", "verify", str(site), "--head", str(head))
    assert code == 0 and "audit chain intact: 2 entries" in out

    with open_store(loaded_spec(site.parent, "flow")) as store:
        tamper(store, "DELETE FROM audit_log WHERE seq = 2")
    code, out, err = run(capsys, "audit", "verify", str(site), "--head", str(head))
    assert code == 1
    assert "audit chain broken at seq 2" in err and "truncated" in err
    assert one_error_line(err)  # the warning that the dropped triggers were re-created aside


def test_missing_store_and_missing_key_exit_2(tmp_path: Path, capsys, audit_key_file) -> None:
    spec = loaded_spec(tmp_path, "counting").path
    code, _, err = run(capsys, "purge", str(spec))
    assert code == 2 and "no store at" in err
    with open_store(loaded_spec(tmp_path, "counting")) as store:
        store.audit.append("config.change", "privacam.yaml", {})
    audit_key_file.unlink()
    code, _, err = run(capsys, "audit", "verify", str(spec))
    assert code == 2 and "no audit key" in err
    assert not audit_key_file.exists()  # verifying never makes a new key


def test_export_under_another_audit_key_file_exits_2_and_writes_nothing(
    site: Path, tmp_path: Path, capsys, monkeypatch, audit_key_file: Path
) -> None:
    out = tmp_path / "a.csv"
    assert run(capsys, "export", str(site), "--kind", "line_counts", "-o", str(out))[0] == 0
    out.unlink()
    other_key = tmp_path / "other" / "audit.key"
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(other_key))
    code, stdout, err = run(capsys, "export", str(site), "--kind", "line_counts", "-o", str(out))
    assert code == 2
    assert str(audit_key_file) in err and len(err.strip().splitlines()) == 1
    assert not out.exists() and not other_key.exists()
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(audit_key_file))
    code, stdout, _ = run(capsys, "audit", "verify", str(site))
    assert code == 0 and "audit chain intact: 1 entries" in stdout


def test_audit_verify_exits_2_when_the_head_file_is_missing(
    site: Path, tmp_path: Path, capsys
) -> None:
    run(capsys, "export", str(site), "--kind", "line_counts", "-o", str(tmp_path / "a.csv"))
    exported = tmp_path / "head.json"
    assert run(capsys, "audit", "head", str(site), "-o", str(exported))[0] == 0
    head_file = site.parent / "privacam.db.audit-head.json"
    head_file.unlink()
    code, _, err = run(capsys, "audit", "verify", str(site))
    assert code == 2
    assert str(head_file) in err and "--head" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "audit", "verify", str(site), "--head", str(exported))
    assert code == 0 and "audit chain intact" in out and "is missing" in err


def test_audit_verify_reports_dropped_append_only_triggers(site: Path, capsys) -> None:
    run(capsys, "export", str(site), "--kind", "line_counts", "-o", str(site.parent / "a.csv"))
    with open_store(loaded_spec(site.parent, "flow")) as store:
        tamper(store)  # drops the triggers, edits nothing
    code, out, err = run(capsys, "audit", "verify", str(site))
    assert code == 1
    assert "append-only triggers" in err and "追記専用トリガー" in err
    assert one_error_line(err)
    code, out, _ = run(capsys, "audit", "verify", str(site))  # the store put them back
    assert code == 0 and "audit chain intact: 1 entries" in out


def test_purge_refuses_a_now_without_a_zone_in_japanese_and_english(site: Path, capsys) -> None:
    code, _, err = run(capsys, "purge", str(site), "--now", "2030-04-01T09:00")
    assert code == 2 and one_error_line(err)
    assert "タイムゾーンがありません" in err and "has no time zone" in err
