"""Invariant 1 after real runs: no file privacam wrote holds camera pixels.

Each case runs on TUD-Campus frames; then every file that appeared or changed
under the deployment's folder (store, audit head, outputs) is searched for the
source frames: written images by template matching of textured 32x32 patches
(same size and half-size), every file's bytes for raw BGR runs of the frames and
for embedded JPEG/PNG streams. A planted crop and a planted thumbnail prove the
search finds what it looks for.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.runtime import RunOptions, run_deployment
from tests.runtime.pixels import PixelProbe, camera_pixels_in

pytestmark = [pytest.mark.assets]

FRAMES_SAMPLED = (0, 20, 40, 60, 70)


@pytest.fixture(scope="module")
def tud(media_dir: Path) -> Path:
    folder = media_dir / "TUD-Campus" / "img1"
    if not folder.is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    return folder


@pytest.fixture(scope="module")
def probe(tud: Path) -> PixelProbe:
    files = sorted(tud.glob("*.jpg"))
    return PixelProbe([cv2.imread(str(files[i])) for i in FRAMES_SAMPLED])


def _snapshot(folder: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_the_search_finds_a_planted_crop_and_a_planted_thumbnail(probe, tmp_path) -> None:
    frame = probe.frames[0]
    patch = next(p for p in probe.patches if p.frame == 0 and p.scale == 1.0)
    x0, y0 = max(patch.x - 40, 0), max(patch.y - 40, 0)
    crop = frame[y0 : y0 + 120, x0 : x0 + 120]
    canvas = np.full((480, 640, 3), 245, np.uint8)
    canvas[200 : 200 + crop.shape[0], 300 : 300 + crop.shape[1]] = crop
    planted = tmp_path / "planted.jpg"
    cv2.imwrite(str(planted), canvas, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert camera_pixels_in(planted, probe) is not None

    thumbnail = tmp_path / "thumb.png"
    cv2.imwrite(str(thumbnail), cv2.resize(frame, (320, 240), interpolation=cv2.INTER_AREA))
    hits = probe.image_hits(cv2.imread(str(thumbnail)))
    assert any(p.scale == 0.5 for p in hits)

    raw = tmp_path / "frame.bin"
    raw.write_bytes(b"header" + frame.tobytes())
    assert "raw frame byte runs" in (camera_pixels_in(raw, probe) or "")

    blank = tmp_path / "blank.jpg"
    cv2.imwrite(str(blank), np.full((480, 640, 3), 245, np.uint8))
    assert camera_pixels_in(blank, probe) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("case", "edits", "max_frames"),
    [
        ("counting", ((r"^    window: 15m", "    window: 1s"),), None),
        ("flow", ((r"^    window: 1h", "    window: 1s"),), None),
        ("crowd", ((r"^    overwrite_interval: 60s", "    overwrite_interval: 1s"),), 30),
    ],
)
def test_no_written_file_holds_camera_pixels(
    case, edits, max_frames, make_deployment, tud, probe, models_dir, monkeypatch
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    path = make_deployment(case, tud, fps=25, edits=edits)
    site = path.parent.parent  # the whole test folder: site, store, outputs, audit key
    before = _snapshot(site)
    result = run_deployment(path, RunOptions(max_frames=max_frames, show_progress=False))
    assert result.run.status == "completed"
    assert result.records_written > 0
    after = _snapshot(site)
    written = sorted(p for p, digest in after.items() if before.get(p) != digest)
    names = {p.name for p in written}
    assert {"privacam.db", "audit.key"} <= names  # the store and the audit key, at least
    if case == "flow":
        assert any(n.startswith("heatmap_") and n.endswith(".png") for n in names)
    if case == "crowd":
        assert any(n.startswith("icon_map_") and n.endswith(".jpg") for n in names)
    for file in written:
        found = camera_pixels_in(file, probe)
        assert found is None, f"{file.relative_to(site)} holds camera pixels: {found}"
