"""A new user's first maps: `init`, `notice` and `run` on the sample media draw on the sample
floor plan, and the drawings are not empty."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.cli import main
from privacam.records import HeatmapWindow, Trajectory
from privacam.store import Store
from privacam.vision.icons import MOVING_COLOR, STILL_COLOR

pytestmark = [pytest.mark.assets, pytest.mark.slow]


def cli(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    captured = capsys.readouterr()
    return done.value.code, captured.out + captured.err


@pytest.fixture
def tud_campus(media_dir: Path, models_dir: Path, monkeypatch) -> Path:
    frames = media_dir / "TUD-Campus" / "img1"
    if not frames.is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    monkeypatch.setenv("CAMERA_PASSWORD", "unused")  # the crowd template's camera is replaced
    return frames


def first_run(case: str, frames: Path, folder: Path, capsys, *extra: str) -> Path:
    spec = folder / "privacam.yaml"
    assert cli(capsys, "init", "--case", case, "-o", str(spec))[0] == 0
    assert cli(capsys, "notice", str(spec), "-o", str(folder / "notice"))[0] == 0
    code, said = cli(
        capsys, "run", str(spec), "--source", str(frames), "--fps", "25", "--no-progress", *extra
    )
    assert code == 0, said
    assert "fell outside the floor plan" not in said  # the sample media lands on the plan
    return spec


def test_flow_on_the_sample_media_draws_a_heatmap_that_is_not_empty(
    tud_campus, tmp_path, capsys
) -> None:
    spec = first_run("flow", tud_campus, tmp_path, capsys)
    with Store.open(str(tmp_path / "privacam.db")) as store:
        visits = store.count(Trajectory)
        (heat,) = store.read(HeatmapWindow)
    assert visits >= 5
    grid = np.array(heat.counts)
    assert grid.sum() > 0 and np.count_nonzero(grid) >= 10
    (drawing,) = (tmp_path / "outputs").glob("heatmap_cam1_*.png")
    plan = cv2.imread(str(spec.parent / "floorplan.png"))
    image = cv2.imread(str(drawing))
    # Coloured cells over the plan: pixels that are in neither the plan nor its grey walls.
    plan_colours = {tuple(c) for c in cv2.resize(plan, (640, 480)).reshape(-1, 3).tolist()}
    coloured = [c for c in image.reshape(-1, 3).tolist() if tuple(c) not in plan_colours]
    assert len(coloured) > 1000


def test_crowd_on_the_sample_media_draws_people_on_the_icon_map(
    tud_campus, tmp_path, capsys
) -> None:
    first_run("crowd", tud_campus, tmp_path, capsys, "--max-frames", "10")
    with Store.open(str(tmp_path / "privacam.db")) as store:
        assert store.counts()["crowd_intervals"] >= 1
    image = cv2.imread(str(tmp_path / "outputs" / "icon_map_cam1.jpg")).astype(int)
    icon_pixels = sum(
        int(np.count_nonzero(np.abs(image - colour).sum(axis=2) < 60))
        for colour in (MOVING_COLOR, STILL_COLOR)
    )
    assert icon_pixels > 500  # several people, not a blank plan
