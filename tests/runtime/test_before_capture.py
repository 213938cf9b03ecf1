"""`privacam run` refuses to capture once `period.start` has passed while the justification
or the sign-off is missing, undated or dated after that day (GB §1: written before capture)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from privacam.cli import main
from tests.runtime.conftest import synthetic_video

#: The period started a month ago: capture is under way.
START = date.today() - timedelta(days=30)
BEFORE = START - timedelta(days=5)


def _signature(role: str, day: date | None) -> str:
    dated = f", date: {day.isoformat()}" if day else ""
    return f"{{name: 山田花子, role: {role}{dated}}}"


def _edits(
    *,
    written_on: date | None = BEFORE,
    prepared_on: date | None = BEFORE,
    approved_on: date | None = BEFORE,
    signed: bool = True,
) -> tuple[tuple[str, str], ...]:
    edits = [
        (r"^  start: .*$", f"  start: {START.isoformat()}"),
        (r"^  published_on: .*$", f"  published_on: {BEFORE.isoformat()}"),
        (
            r"^  written_on: .*$",
            f"  written_on: {written_on.isoformat()}" if written_on else "  written_on: null",
        ),
    ]
    if signed:
        edits += [
            (r"^  prepared_by: null$", f"  prepared_by: {_signature('作成者', prepared_on)}"),
            (r"^  approved_by: null$", f"  approved_by: {_signature('承認者', approved_on)}"),
            (r"^  residual_risk_accepted: false$", "  residual_risk_accepted: true"),
        ]
    return tuple(edits)


def _run(capsys, path: Path) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(["run", str(path), "--no-progress"])
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def _refusal(capsys, path: Path) -> str:
    code, _out, err = _run(capsys, path)
    lines = [line for line in err.splitlines() if line.startswith("privacam: error:")]
    assert code == 1 and len(lines) == 1, err
    assert not (path.parent / "privacam.db").exists()  # refused before anything was written
    return lines[0]


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return synthetic_video(tmp_path / "street.avi")


def test_run_refuses_once_the_period_started_without_a_sign_off(
    make_deployment, video, capsys
) -> None:
    path = make_deployment("counting", video, edits=_edits(signed=False))
    line = _refusal(capsys, path)
    assert f"period.start ({START})" in line and "撮影前" in line
    for field in ("signoff.prepared_by", "signoff.approved_by", "signoff.residual_risk_accepted"):
        assert f"{field} (missing)" in line
    assert "justification" not in line.split(" / ")[1].split(": ", 1)[1]


def test_run_refuses_a_justification_written_after_the_period_started(
    make_deployment, video, capsys
) -> None:
    late = START + timedelta(days=3)
    path = make_deployment("counting", video, edits=_edits(written_on=late))
    line = _refusal(capsys, path)
    assert f"justification.written_on (dated {late})" in line
    assert "signoff" not in line.split(" / ")[1].split(": ", 1)[1]


def test_run_refuses_an_undated_justification_or_approval(make_deployment, video, capsys) -> None:
    path = make_deployment("counting", video, edits=_edits(written_on=None, approved_on=None))
    line = _refusal(capsys, path)
    assert "justification.written_on (missing)" in line
    assert "signoff.approved_by.date (no date)" in line


def test_run_refuses_an_approval_dated_after_the_period_started(
    make_deployment, video, capsys
) -> None:
    late = START + timedelta(days=1)
    path = make_deployment("counting", video, edits=_edits(approved_on=late))
    assert f"signoff.approved_by.date (dated {late})" in _refusal(capsys, path)


def test_run_refuses_a_missing_justification_part(make_deployment, video, capsys) -> None:
    edits = (*_edits(), (r"^  necessity: .*$", "  necessity: null"))
    path = make_deployment("attributes", video, edits=edits)  # private space: only a warning
    assert "justification.necessity (missing)" in _refusal(capsys, path)


def test_run_captures_when_justification_and_sign_off_predate_the_period(
    make_deployment, video, capsys, no_models
) -> None:
    path = make_deployment("counting", video, edits=_edits())
    code, _out, err = _run(capsys, path)
    assert code == 0, err
    assert (path.parent / "privacam.db").exists()
