"""``privacam incident``: a leak recorded, assessed and drafted as the privacy officer does it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacam.policy.loader import load_spec
from privacam.store import open_store
from tests.helpers.cli import run


@pytest.fixture
def spec_file(tmp_path: Path, capsys, monkeypatch) -> Path:
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")
    path = tmp_path / "privacam.yaml"
    assert run(capsys, "init", "--case", "repeat", "-o", str(path))[0] == 0
    return path


def new_incident(capsys, spec_file: Path, *extra: str) -> str:
    code, out, err = run(
        capsys,
        "incident",
        "new",
        str(spec_file),
        "--summary",
        "Vault backup exposed",
        "--cause",
        "bucket ACL",
        "--data-item",
        "face_features",
        "--people",
        "1001",
        "--discovered",
        "2026-04-01T10:00",
        *extra,
    )
    assert code == 0, err
    return re.search(r"recorded incident ([0-9a-f-]{36})", out).group(1)


def test_an_unencrypted_leak_of_1001_people_is_reportable_with_its_deadlines(spec_file, capsys):
    incident = new_incident(capsys, spec_file)
    code, out, _ = run(capsys, "incident", "assess", str(spec_file), incident)
    assert code == 0
    assert out.startswith("REPORTABLE")
    assert "2026-04-03 23:59 (Asia/Tokyo)" in out and "2026-04-30 23:59 (Asia/Tokyo)" in out


def test_the_same_leak_under_aes_gcm_is_exempt_and_says_why(spec_file, capsys):
    incident = new_incident(capsys, spec_file, "--encryption", "AES-256-GCM")
    code, out, _ = run(capsys, "incident", "assess", str(spec_file), incident)
    assert code == 0
    assert out.startswith("NOT REPORTABLE") and "strong encryption (AES-256-GCM" in out
    assert "due" not in out


def test_report_drafts_are_written_whole_and_audited(spec_file, capsys, tmp_path):
    incident = new_incident(capsys, spec_file)
    draft = tmp_path / "final.md"
    code, _, err = run(
        capsys, "incident", "report", str(spec_file), incident, "--stage", "final", "-o", str(draft)
    )
    assert code == 0
    assert "items 5, 6, 7, 8, 9 of the final report are still open" in err
    assert "## 9. その他参考となる事項 / Other" in draft.read_text(encoding="utf-8")
    # A user's file is never overwritten without --force.
    code, _, err = run(capsys, "incident", "report", str(spec_file), incident, "-o", str(draft))
    assert code != 0 and "Traceback" not in err
    loaded = load_spec(spec_file)
    with open_store(loaded, create=False) as store:
        actions = [e.action for e in store.audit.entries()]
    assert actions == ["incident.new", "incident.report"]


def test_notice_goes_to_stdout_in_both_languages(spec_file, capsys):
    incident = new_incident(capsys, spec_file)
    code, out, _ = run(capsys, "incident", "report", str(spec_file), incident, "--stage", "notice")
    assert code == 0
    assert "個人データの漏えい等に関するお知らせ" in out and "Notice of a personal data leak" in out


def test_list_and_show_name_the_incident(spec_file, capsys):
    incident = new_incident(capsys, spec_file)
    code, out, _ = run(capsys, "incident", "list", str(spec_file))
    assert code == 0 and incident in out and "not assessed" in out
    code, out, _ = run(capsys, "incident", "show", str(spec_file), incident)
    assert code == 0 and "bucket ACL" in out and "REPORTABLE" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--data-item", "credit_cards"), "not in the deployment"),
        (("--discovered", "yesterday"), "not an ISO 8601 time"),
    ],
)
def test_bad_input_exits_2_in_one_line(spec_file, capsys, args, message):
    base = dict(
        zip(
            ("--data-item", "--discovered"),
            ("face_features", "2026-04-01T10:00"),
            strict=True,
        )
    )
    base[args[0]] = args[1]
    argv = ["incident", "new", str(spec_file), "--summary", "s", "--cause", "c", "--people", "1"]
    for option, value in base.items():
        argv += [option, value]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_an_unknown_incident_exits_2(spec_file, capsys):
    new_incident(capsys, spec_file)
    code, _, err = run(capsys, "incident", "assess", str(spec_file), "nope")
    assert code == 2 and "no incident nope" in err
