"""``anonymize`` shares the sources' pixel limit: too large an input is refused before decoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from privacam.cases.street import Job
from privacam.cases.street.detection import DetectorConfig
from privacam.policy.spec import StreetSettings
from privacam.runtime.batch import run_batch
from privacam.vision.sources import MAX_PIXELS_ENV
from tests.cases.street.helpers import PatchFinder, scene, write_video
from tests.vision.bombs import png_bomb


def _job(outdir: Path) -> Job:
    return Job(
        outdir=outdir,
        settings=StreetSettings(method="fill"),
        detector=DetectorConfig(plates=False),
        deployment_sha256="a" * 64,
        detector_factory=PatchFinder,
    )


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    Image.fromarray(scene(0)[:, :, ::-1]).save(folder / "frame0.png")  # 320 x 240
    write_video(folder / "clip.mp4", 5)  # 320 x 240
    return folder


def test_anonymize_refuses_images_and_videos_above_the_pixel_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_PIXELS_ENV, str(320 * 240 - 1))
    folder = _inputs(tmp_path / "drive")
    summary = run_batch([folder], _job(tmp_path / "out"), workers=1)
    reasons = {p.source.name: p.reason for p in summary.problems}
    assert set(reasons) == {"frame0.png", "clip.mp4"} and not summary.processed
    for reason in reasons.values():
        assert "320×240" in reason and MAX_PIXELS_ENV in reason and "\n" not in reason
    assert not (tmp_path / "out" / "drive").exists()  # nothing decoded, nothing written

    monkeypatch.setenv(MAX_PIXELS_ENV, str(320 * 240))
    summary = run_batch([folder], _job(tmp_path / "out"), workers=1)
    assert sorted(r.item.source.name for r in summary.processed) == ["clip.mp4", "frame0.png"]


def test_anonymize_refuses_a_decompression_bomb_by_the_shared_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MAX_PIXELS_ENV, raising=False)
    folder = tmp_path / "drive"
    folder.mkdir()
    png_bomb(folder / "bomb.png", 30000, 30000)
    summary = run_batch([folder], _job(tmp_path / "out"), workers=1)
    (problem,) = summary.problems
    assert "30000×30000" in problem.reason and "100.0 MP" in problem.reason


def test_anonymize_decodes_an_image_above_pillows_own_limit_when_the_limit_allows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pillow refuses above 2 x Image.MAX_IMAGE_PIXELS by itself; the shared limit decides.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 320 * 240 // 4)
    monkeypatch.setenv(MAX_PIXELS_ENV, str(320 * 240))
    folder = tmp_path / "drive"
    folder.mkdir()
    Image.fromarray(scene(0)[:, :, ::-1]).save(folder / "frame0.png")
    summary = run_batch([folder], _job(tmp_path / "out"), workers=1)
    assert not summary.problems and len(summary.processed) == 1
