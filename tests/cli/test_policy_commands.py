"""The policy commands as a user runs them: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.cli.reference import generate

REPO = Path(__file__).resolve().parents[2]
CASES = ("attributes", "flow", "repeat", "counting", "street", "crowd")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


@pytest.fixture(autouse=True)
def _camera_password(monkeypatch) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")


@pytest.mark.parametrize("case", CASES)
def test_init_then_check_has_no_errors(case: str, tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    assert run(capsys, "init", "--case", case, "-o", str(spec))[0] == 0
    assert spec.read_text(encoding="utf-8").startswith("# privacam deployment file")
    code, out, _ = run(capsys, "check", str(spec))
    assert code == 0
    assert "0 errors" in out
    assert "ACC-004" in out  # the placeholders are flagged as warnings


def test_check_exits_1_on_errors_and_reports_json(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "attributes", "-o", str(spec))
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("[age_bracket, gender]", "[age_bracket, gender, emotion]"))
    code, out, _ = run(capsys, "check", str(spec), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["summary"]["errors"] == 1
    (finding,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "PUR-006"
    assert finding["path"] == "inferred_attributes[2]"
    assert "感情" in finding["message"]["ja"] and "emotion" in finding["message"]["en"]
    assert "APPI 第2条第3項" in finding["basis"]


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ncase: counting\nfoo: [1\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(bad))
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "invalid YAML" in err


def test_unknown_case_exits_2(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "init", "--case", "faces", "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "faces" in err


def test_init_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    spec.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "init", "--case", "flow", "-o", str(spec))
    assert code == 2 and "--force" in err
    assert spec.read_text(encoding="utf-8") == "keep me"


def test_cli_reference_in_docs_is_generated_from_the_code() -> None:
    committed = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == generate(), "docs/cli.md is stale: run `make docs`"


def test_rule_catalogue_in_docs_is_generated_from_the_code() -> None:
    from privacam.policy.catalog import generate as generate_catalogue

    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generate_catalogue(), "docs/rules.md is stale: run `make docs`"


def test_notice_is_audited_with_the_deployment_hash(tmp_path: Path, capsys) -> None:
    from privacam.policy.loader import load_spec
    from privacam.store import open_store

    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "counting", "-o", str(spec))
    assert run(capsys, "notice", str(spec), "-o", str(tmp_path / "notice"))[0] == 0
    loaded = load_spec(spec)
    store = open_store(loaded)
    try:
        entries = list(store.audit.entries())
        actions = [(e.action, json.loads(e.details)["deployment_sha256"]) for e in entries]
        assert actions == [("config.change", loaded.sha256), ("notice.render", loaded.sha256)]
        assert store.audit.verify().ok
    finally:
        store.close()


def test_check_summary_counts_agree_with_their_nouns(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "repeat", "-o", str(spec))
    _, out, _ = run(capsys, "check", str(spec))
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("0 errors, ") and ", 1 info (" in summary  # CAS-017 only
    assert "infos" not in summary
