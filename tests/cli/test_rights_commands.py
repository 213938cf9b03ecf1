"""``privacam rights``: the request log by hand, and the answer of a case without identifiers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacam.policy.loader import load_spec
from privacam.records import LineCount
from privacam.store import open_store
from tests.helpers.cli import run
from tests.store.conftest import line_count


def spec_file(tmp_path: Path, capsys, case: str) -> Path:
    path = tmp_path / "privacam.yaml"
    assert run(capsys, "init", "--case", case, "-o", str(path))[0] == 0
    return path


@pytest.fixture(autouse=True)
def _camera_password(monkeypatch) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")


def receive(capsys, path: Path, *extra: str) -> str:
    code, out, err = run(capsys, "rights", "receive", str(path), *extra)
    assert code == 0, err
    return re.match(r"([0-9a-f-]{36})", out).group(1)


def test_a_counting_request_is_answered_with_what_is_held_and_why(tmp_path, capsys):
    path = spec_file(tmp_path, capsys, "counting")
    with open_store(load_spec(path)) as store:
        store.write([line_count(count=12), line_count(count=3, camera_id="gate2")])
    request = receive(capsys, path, "--kind", "disclosure", "--received", "2026-04-01T10:00")
    run(capsys, "rights", "check-identity", str(path), request, "--method", "photo ID")
    run(capsys, "rights", "start", str(path), request)
    letter = tmp_path / "answer.html"
    code, out, err = run(capsys, "rights", "answer", str(path), request, "-o", str(letter))
    assert code == 0, err
    html = letter.read_text(encoding="utf-8")
    assert "開示請求へのご回答" in html and "Answer to your request for disclosure" in html
    assert "No record per person exists" in html
    assert "<td>line_counts</td><td>statistics</td><td>2</td>" in html
    code, out, _ = run(capsys, "rights", "show", str(path), request)
    assert "completed" in out and "identity checked by: photo ID" in out
    with open_store(load_spec(path), create=False) as store:
        actions = [e.action for e in store.audit.entries()]
        assert store.count(LineCount) == 2  # answering deletes nothing
    assert actions[-4:] == [
        "request.received",
        "request.identity_checked",
        "request.in_progress",
        "request.completed",
    ]


def test_a_flow_answer_explains_why_a_trajectory_cannot_be_the_requesters(tmp_path, capsys):
    path = spec_file(tmp_path, capsys, "flow")
    request = receive(capsys, path, "--kind", "deletion")
    run(capsys, "rights", "check-identity", str(path), request, "--method", "photo ID")
    run(capsys, "rights", "start", str(path), request)
    letter = tmp_path / "answer.html"
    assert run(capsys, "rights", "answer", str(path), request, "-o", str(letter))[0] == 0
    html = letter.read_text(encoding="utf-8")
    assert "no means to tell which trajectory is yours" in html
    assert "No record is held now." in html


def test_answer_refuses_a_request_whose_identity_was_not_checked(tmp_path, capsys):
    path = spec_file(tmp_path, capsys, "counting")
    request = receive(capsys, path, "--kind", "disclosure")
    letter = tmp_path / "answer.html"
    code, _, err = run(capsys, "rights", "answer", str(path), request, "-o", str(letter))
    assert code == 2 and "received" in err
    assert not letter.exists()


def test_a_duplicate_request_on_the_command_line_still_needs_its_identity_check(tmp_path, capsys):
    path = spec_file(tmp_path, capsys, "counting")
    first = receive(capsys, path, "--kind", "deletion", "--reference", "T-9")
    run(capsys, "rights", "check-identity", str(path), first, "--method", "photo ID")
    second = receive(capsys, path, "--kind", "deletion", "--reference", "T-9")
    code, out, _ = run(capsys, "rights", "list", str(path), "--open")
    assert f"duplicate of {first}" in out
    code, _, err = run(capsys, "rights", "start", str(path), second)
    assert code == 2 and "needs its own identity check" in err


def test_a_repeat_deployment_is_pointed_to_the_photo_route(tmp_path, capsys):
    path = spec_file(tmp_path, capsys, "repeat")
    request = receive(capsys, path, "--kind", "disclosure")
    run(capsys, "rights", "check-identity", str(path), request, "--method", "photo ID")
    run(capsys, "rights", "start", str(path), request)
    code, _, err = run(capsys, "rights", "answer", str(path), request, "-o", str(tmp_path / "a"))
    assert code == 2 and "--photo" in err
