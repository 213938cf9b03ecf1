"""`privacam run` refuses to start without a current notice or with check errors, and bad
input gives one clear line and a non-zero exit before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacam.cli import main
from privacam.policy.loader import load_spec
from privacam.policy.notice import render_notice
from tests.runtime.conftest import edit, synthetic_video


def _run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(["run", *args, "--no-progress"])
    return done.value.code, capsys.readouterr().err


def _error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("privacam: error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return synthetic_video(tmp_path / "street.avi")


def test_run_refuses_a_file_whose_hash_has_no_rendered_notice(
    make_deployment, video, capsys
) -> None:
    path = make_deployment("counting", video, notice=False)
    code, err = _run(capsys, str(path))
    line = _error_line(err)
    assert code == 1
    assert load_spec(path).short_hash in line
    assert f"privacam notice {path} -o {path.parent / 'notice'}" in line
    assert not (path.parent / "privacam.db").exists()  # nothing was written


def test_run_refuses_after_the_file_changed_since_its_notice(
    make_deployment, video, capsys
) -> None:
    path = make_deployment("counting", video)
    edit(path, r"^    window: 15m", "    window: 5m")  # a changed file needs a new notice
    code, err = _run(capsys, str(path))
    assert code == 1
    assert "privacam notice" in _error_line(err)
    assert not (path.parent / "privacam.db").exists()


def test_run_refuses_a_file_whose_check_has_errors(make_deployment, video, capsys) -> None:
    path = make_deployment(
        "counting",
        video,
        edits=((r"^inferred_attributes: \[\]", "inferred_attributes: [race]"),),
        notice=False,  # `privacam notice` refuses this file too; a draft is all it can have
    )
    render_notice(load_spec(path), path.parent / "notice", draft=True)
    code, err = _run(capsys, str(path))
    line = _error_line(err)
    assert code == 1
    assert "check error" in line and "PUR-006" in line and "privacam check" in line
    assert not (path.parent / "privacam.db").exists()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("missing.mp4", "not found"),
        ("ftp://example.com/cam", "unsupported source scheme ftp://"),
    ],
)
def test_a_wrong_source_is_one_clear_line(
    make_deployment, video, capsys, tmp_path, source, expected
) -> None:
    path = make_deployment("counting", video)
    code, err = _run(
        capsys, str(path), "--source", str(tmp_path / source) if "://" not in source else source
    )
    assert code == 2
    assert expected in _error_line(err)
    assert not (path.parent / "privacam.db").exists()


def test_a_line_outside_the_frame_is_one_clear_line(make_deployment, video, capsys) -> None:
    path = make_deployment(
        "counting",
        video,
        edits=(
            (r"^        start: \[320, 0\]", "        start: [700, 0]"),
            (r"^        end: \[320, 480\]", "        end: [700, 480]"),
        ),
    )
    code, err = _run(capsys, str(path))
    line = _error_line(err)
    assert code == 2
    assert "'entrance'" in line and "outside the 640x480 frame" in line
    assert not (path.parent / "privacam.db").exists()


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (  # three pairs only
            ((r"^      - \{image: \[0, 200\], floor: \[20, 30\]\}\n", ""),),
            "at least 4 floor_points pairs, got 3",
        ),
        (  # four image points, three of them on one line
            ((r"image: \[640, 200\]", "image: [320, 480]"),),
            "lie on one line",
        ),
    ],
)
def test_a_bad_homography_is_one_clear_line(
    make_deployment, video, capsys, edits, expected
) -> None:
    path = make_deployment("flow", video, edits=edits)
    code, err = _run(capsys, str(path))
    line = _error_line(err)
    assert code == 2
    assert "cam1" in line and expected in line
    assert not (path.parent / "privacam.db").exists()
