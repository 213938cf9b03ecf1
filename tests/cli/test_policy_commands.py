"""The policy commands as a user runs them: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacam.cli.reference import generate
from tests.helpers.cli import run

REPO = Path(__file__).resolve().parents[2]
CASES = ("attributes", "flow", "repeat", "counting", "street", "crowd")


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


def test_notice_audits_its_config_change_and_rendering_in_one_transaction(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacam.errors import InputError
    from privacam.policy.loader import load_spec
    from privacam.store import AuditLog, open_store

    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "counting", "-o", str(spec))
    real_append = AuditLog.append

    def refuse_notice_render(self, action, *args, **kwargs):
        if action == "notice.render":
            raise InputError("audit refused")
        return real_append(self, action, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(AuditLog, "append", refuse_notice_render)
        code, _, err = run(capsys, "notice", str(spec), "-o", str(tmp_path / "notice"))
    assert code == 2 and "audit refused" in err
    store = open_store(load_spec(spec))
    try:
        # config.change was appended in the same transaction, so it was rolled back too.
        assert [e.action for e in store.audit.entries()] == []
    finally:
        store.close()


def test_check_summary_counts_agree_with_their_nouns(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "repeat", "-o", str(spec))
    _, out, _ = run(capsys, "check", str(spec))
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("0 errors, ") and ", 2 info (" in summary  # CAS-017, CAS-020
    assert "infos" not in summary


@pytest.mark.parametrize(
    ("pattern", "replacement", "expected"),
    [
        (r"^    window: 15m$", "    window: 99999999y", "case_settings.counting.window"),
        (r"^    retention: \S+", "    retention: 99999999999y", "data_items[0].retention"),
        (r"^  start: \S+$", "  start: 2026-02-30", "2026-02-30"),
    ],
)
def test_impossible_values_are_one_line_and_exit_2_not_a_traceback(
    tmp_path: Path, capsys, pattern: str, replacement: str, expected: str
) -> None:
    import re

    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "counting", "-o", str(spec))
    text, count = re.subn(pattern, replacement, spec.read_text("utf-8"), count=1, flags=re.M)
    assert count == 1
    spec.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check", str(spec))
    assert code == 2
    assert err.strip().count("\n") == 0 and "Traceback" not in err
    assert err.startswith("privacam: error: ") and expected in err


def test_init_into_an_existing_folder_is_one_line_even_with_force(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    code, _, err = run(capsys, "init", "--case", "flow", "-o", str(folder), "--force")
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "is a folder" in err and str(folder / "privacam.yaml") in err
    assert list(folder.iterdir()) == []


def test_init_dates_are_in_the_deployments_time_zone_not_the_machines(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import time

    import time_machine

    monkeypatch.setenv("TZ", "UTC")  # a server clock in UTC: still 31 March there
    time.tzset()
    try:
        # 2026-03-31 23:30 UTC is 2026-04-01 08:30 in Tokyo.
        with time_machine.travel("2026-03-31T23:30:00+00:00", tick=False):
            spec = tmp_path / "privacam.yaml"
            assert run(capsys, "init", "--case", "counting", "-o", str(spec))[0] == 0
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    text = spec.read_text(encoding="utf-8")
    assert "on 2026-04-01." in text  # "Generated by privacam ... on <date>."
    assert "next_review: 2027-04-01" in text
    assert "published_on: 2026-04-01" in text
    assert "  start: 2026-04-15" in text


def test_crowd_template_lists_only_the_languages_it_has_texts_for(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "crowd", "-o", str(spec))
    assert "languages: [ja, en]" in spec.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "check", str(spec), "--format", "json")
    assert code == 0
    assert not [f for f in json.loads(out)["findings"] if f["rule"] == "NOT-007"]


def test_check_warns_on_a_sign_language_with_no_text(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "crowd", "-o", str(spec))
    text = spec.read_text(encoding="utf-8").replace(
        "languages: [ja, en]", "languages: [ja, en, ko]"
    )
    spec.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(spec), "--format", "json")
    assert code == 0
    (finding,) = [f for f in json.loads(out)["findings"] if f["rule"] == "NOT-007"]
    assert finding["severity"] == "warning"
    assert finding["path"] == "cameras[0].notice.languages"
    assert "no ko text" in finding["message"]["en"]
    assert "the deployment file (" in finding["message"]["en"]
    assert "ko のテキスト" in finding["message"]["ja"]


def test_placeholder_in_public_text_is_a_check_error(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "counting", "-o", str(spec))
    text = spec.read_text(encoding="utf-8").replace(
        'en: "Example Co., Ltd. (example)"', 'en: "Example Co., Ltd. ${COMPANY_SUFFIX}"', 1
    )
    spec.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(spec), "--format", "json")
    assert code == 1
    (finding,) = [f for f in json.loads(out)["findings"] if f["rule"] == "SEC-004"]
    assert finding["severity"] == "error" and finding["path"] == "operator.name.en"
    assert "${COMPANY_SUFFIX}" in finding["message"]["en"] and "GB §3" in finding["basis"]
    assert "置換されず" in finding["message"]["ja"]
