"""The hybrid crowd detector on real frames: dense streets, a sparse campus, empty scenes."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.evaluation.motchallenge import read_mot_file
from privacam.vision.density import DensityCrowdDetector, MCNNDensity
from privacam.vision.detectors import YoloxDetector

ONNX = "mcnn_shtechB_110.onnx"


@pytest.fixture(scope="module")
def hybrid(models_dir: Path) -> DensityCrowdDetector:
    yolox = YoloxDetector(models_dir / "yolox_nano.onnx", score_threshold=0.15, classes=(0,))
    return DensityCrowdDetector(yolox, MCNNDensity(models_dir / ONNX))


@pytest.mark.assets
def test_density_model_finds_nobody_on_a_flat_frame(
    hybrid: DensityCrowdDetector, models_dir: Path
) -> None:
    mcnn = MCNNDensity(models_dir / ONNX)
    for value in (0, 128, 255):
        frame = np.full((768, 1024, 3), value, dtype=np.uint8)
        assert mcnn.estimate(frame).count < 0.5
        assert len(hybrid.detect(frame)) == 0


@pytest.mark.assets
@pytest.mark.slow
def test_density_path_adds_nobody_to_tud_frames_with_the_walkers_masked_out(
    hybrid: DensityCrowdDetector, media_dir: Path
) -> None:
    """The campus path with its walkers painted over by the median of all 71 frames: the
    people seated behind the glass stay (the detector may see some), the density model must
    add no one."""
    sequence = media_dir / "TUD-Campus"
    frames = np.stack([cv2.imread(str(p)) for p in sorted((sequence / "img1").glob("*.jpg"))])
    background = np.median(frames, axis=0).astype(np.uint8)
    truth = read_mot_file(sequence / "gt" / "gt.txt")
    for number in (1, 21, 41, 71):
        frame = frames[number - 1].copy()
        for x0, y0, x1, y1 in truth[number][1]:
            w, h = x1 - x0, y1 - y0
            rows = slice(max(0, int(y0 - 0.1 * h)), int(y1 + 0.1 * h))
            cols = slice(max(0, int(x0 - 0.1 * w)), int(x1 + 0.1 * w))
            frame[rows, cols] = background[rows, cols]
        found = hybrid.detect(frame)
        scene = hybrid.last_scene
        assert not scene.dense and scene.density_people == 0
        assert len(found) <= 3  # the seated people behind the glass, at most


@pytest.mark.assets
def test_dense_street_image_is_counted_with_density_and_sparse_campus_with_boxes(
    hybrid: DensityCrowdDetector, media_dir: Path
) -> None:
    street = cv2.imread(str(media_dir / "ShanghaiTech_partB_sample" / "images" / "IMG_4.jpg"))
    found = hybrid.detect(street)
    assert hybrid.last_scene.dense and hybrid.last_scene.density_people > 0
    assert abs(len(found) - 95) <= 15  # 95 annotated heads
    assert found.landmarks.shape == (len(found), 1, 2)
    campus = cv2.imread(str(media_dir / "TUD-Campus" / "img1" / "000030.jpg"))
    found = hybrid.detect(campus)
    assert not hybrid.last_scene.dense
    assert 3 <= len(found) <= 7  # 5 annotated people
