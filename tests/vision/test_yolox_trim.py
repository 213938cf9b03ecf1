"""YOLOX with its padding trimmed: the same scale on a smaller input, the same objects."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.vision.detectors import YoloxDetector
from privacam.vision.detectors.geometry import box_iou
from privacam.vision.models import resolve_model

pytestmark = pytest.mark.assets


class Shapes:
    """Wraps an ONNX Runtime session and records the input shapes it is given."""

    def __init__(self, session: object) -> None:
        self.session, self.seen = session, []

    def run(self, names: object, feeds: dict[str, np.ndarray]) -> object:
        self.seen.extend(v.shape for v in feeds.values())
        return self.session.run(names, feeds)  # type: ignore[attr-defined]


def test_trimmed_yolox_runs_smaller_and_finds_the_same_objects(
    models_dir: Path, media_dir: Path
) -> None:
    model = resolve_model("yolox_nano", models_dir / "yolox_nano.onnx")
    padded = YoloxDetector(model, score_threshold=0.3)
    trimmed = YoloxDetector(model, score_threshold=0.3, trim_padding=True)
    trimmed.session = Shapes(trimmed.session)  # type: ignore[assignment]
    paths = sorted((media_dir / "TUD-Campus" / "img1").glob("*.jpg"))[:5]
    paths += sorted((media_dir / "openalpr_us").rglob("*.jpg"))[:5]
    found = agreed = 0
    for path in paths:
        image = cv2.imread(str(path))
        expected, got = padded.detect(image), trimmed.detect(image)
        found += len(expected)
        if len(expected) and len(got):
            iou = box_iou(expected.xyxy, got.xyxy)
            agreed += int((iou.max(axis=1) >= 0.9).sum())
    assert found >= 20
    assert agreed >= 0.9 * found
    # 640x480 → 416x312 padded to 416x320; 1280x720 → 416x234 padded to 416x256
    assert (1, 3, 320, 416) in trimmed.session.seen  # type: ignore[attr-defined]
    assert (1, 3, 256, 416) in trimmed.session.seen  # type: ignore[attr-defined]
