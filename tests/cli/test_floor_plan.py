"""The floor plan of cases ② and ⑥: `init` writes a sample beside the file, `check` and `run`
refuse a plan that is not there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.cli import run


@pytest.fixture(autouse=True)
def _camera_password(monkeypatch) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")


@pytest.mark.parametrize("case", ["flow", "crowd"])
def test_init_writes_a_sample_floor_plan_beside_the_file(case, tmp_path: Path, capsys) -> None:
    spec = tmp_path / "site" / "privacam.yaml"
    code, out, _ = run(capsys, "init", "--case", case, "-o", str(spec))
    assert code == 0
    plan = spec.parent / "floorplan.png"
    with Image.open(plan) as image:
        # The size the template's floor_plan_size_m (40 m x 30 m) and floor_points assume.
        assert (image.format, image.size) == ("PNG", (800, 600))
        # A drawing: a handful of flat colours, as no photograph has.
        assert len(image.convert("RGB").getcolors(maxcolors=4096) or []) < 256
    assert f"wrote {plan}" in out and "sample floor plan" in out


def test_init_writes_no_floor_plan_for_cases_that_draw_none(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    assert run(capsys, "init", "--case", "counting", "-o", str(spec))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["privacam.yaml"]


def test_init_never_overwrites_an_existing_floor_plan(tmp_path: Path, capsys) -> None:
    plan = tmp_path / "floorplan.png"
    plan.write_bytes(b"the operator's own plan")
    spec = tmp_path / "privacam.yaml"
    assert run(capsys, "init", "--case", "flow", "-o", str(spec))[0] == 0
    assert run(capsys, "init", "--case", "crowd", "-o", str(spec), "--force")[0] == 0
    assert plan.read_bytes() == b"the operator's own plan"


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (lambda plan: plan.unlink(), "does not exist"),
        (lambda plan: plan.write_bytes(b"not a png"), "cannot be read as an image"),
    ],
    ids=["missing", "unreadable"],
)
def test_check_makes_a_missing_floor_plan_an_error(spoil, expected, tmp_path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "flow", "-o", str(spec))
    spoil(tmp_path / "floorplan.png")
    code, out, _ = run(capsys, "check", str(spec), "--format", "json")
    assert code == 1
    (finding,) = [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "CAS-018" and finding["path"] == "site.floor_plan"
    assert "GB §4" in finding["basis"]
    assert "平面図" in finding["message"]["ja"]
    assert expected in finding["message"]["en"] and "floorplan.png" in finding["message"]["en"]


def test_run_refuses_while_the_floor_plan_is_missing(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "crowd", "-o", str(spec))
    assert run(capsys, "notice", str(spec), "-o", str(tmp_path / "notice"))[0] == 0
    (tmp_path / "floorplan.png").unlink()
    code, _, err = run(capsys, "run", str(spec), "--no-progress")
    assert code == 1
    assert "CAS-018" in err and "may not start" in err
    assert not (tmp_path / "outputs").exists()  # refused before anything was set up


def test_notice_refuses_while_the_floor_plan_is_missing(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "flow", "-o", str(spec))
    (tmp_path / "floorplan.png").unlink()
    code, _, err = run(capsys, "notice", str(spec), "-o", str(tmp_path / "notice"))
    assert code == 1
    assert "CAS-018" in err
    assert not (tmp_path / "notice").exists()
