"""The line `privacam run` ends with says what the run actually wrote and drew."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from privacam.cli import main

pytestmark = [pytest.mark.assets, pytest.mark.slow]


@pytest.fixture
def tud(media_dir: Path) -> Path:
    folder = media_dir / "TUD-Campus" / "img1"
    if not folder.is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    return folder


def _summary(capsys, path: Path) -> str:
    with pytest.raises(SystemExit) as done:
        main(["run", str(path), "--no-progress", "--max-frames", "40"])
    out = capsys.readouterr().out
    assert done.value.code == 0, out
    return out.strip().splitlines()[-1]


def test_run_says_no_drawings_when_its_case_drew_none(
    make_deployment, tud, models_dir, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    path = make_deployment("counting", tud, fps=25)
    stale = path.parent / "outputs" / "heatmap_old.png"  # left by some earlier run
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"not drawn by this run")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    line = _summary(capsys, path)
    assert "drawings in" not in line
    assert line.endswith("no drawings written"), line
    assert "heatmap_old.png" not in line


def test_run_names_the_drawings_it_wrote(
    make_deployment, tud, models_dir, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    path = make_deployment("flow", tud, fps=25, edits=((r"^    window: 1h", "    window: 1s"),))
    line = _summary(capsys, path)
    drawn = re.search(r"; drew (.+) in (.+)$", line)
    assert drawn is not None, line
    names = drawn.group(1).split(", ")
    assert names and all(n.startswith("heatmap_") and n.endswith(".png") for n in names)
    assert all((Path(drawn.group(2)) / n).is_file() for n in names)
