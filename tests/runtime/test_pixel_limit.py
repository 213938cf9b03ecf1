"""`privacam run` on a decompression bomb: one line and exit 2, never a traceback or 5 GB."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacam.cli import main
from privacam.vision.sources import MAX_PIXELS_ENV
from tests.runtime.conftest import synthetic_video
from tests.vision.bombs import png_bomb


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main([*args, "--no-progress"])
    return int(done.value.code or 0), capsys.readouterr().err


def _error_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("privacam: error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (100_000, 100_000)])
def test_run_refuses_a_decompression_bomb_with_one_line_and_exit_2(
    make_deployment, tmp_path: Path, capsys, monkeypatch, width: int, height: int
) -> None:
    monkeypatch.delenv(MAX_PIXELS_ENV, raising=False)
    rows = height if width * height < 10**9 else 1  # a real bomb; a header OpenCV rejects
    bomb = png_bomb(tmp_path / "bomb.png", width, height, rows=rows)
    path = make_deployment("counting", bomb)
    code, err = _main(capsys, "run", str(path), "--source", str(bomb))
    assert code == 2
    assert f"{width}×{height}" in _error_line(err)


def test_max_pixels_option_sets_the_limit_for_run(
    make_deployment, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv(MAX_PIXELS_ENV, "")  # restored after the test: the option sets it
    video = synthetic_video(tmp_path / "street.avi", frames=3, size=(64, 48))
    path = make_deployment("counting", video)
    code, err = _main(capsys, "--max-pixels", "3071", "run", str(path))
    assert code == 2
    line = _error_line(err)
    assert "64×48" in line and "3071 px" in line
