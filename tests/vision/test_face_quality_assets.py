"""The quality gates on real faces: YuNet's detections of dlib_faces_voc and dlib_johns."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import cv2
import pytest

from privacam.vision.detectors import YunetFaceDetector
from privacam.vision.faces.quality import assess_faces

pytestmark = pytest.mark.assets


@cache
def _yunet(models_dir: Path) -> YunetFaceDetector:
    return YunetFaceDetector(models_dir / "face_detection_yunet_2023mar.onnx")


def _verdicts(detector, image) -> list[str]:
    return [q.verdict for q in assess_faces(image, detector.detect(image))]


def test_real_faces_of_dlib_faces_voc_pass_the_gates(models_dir, media_dir):
    detector = _yunet(models_dir)
    verdicts: Counter[str] = Counter()
    for path in sorted((media_dir / "dlib_faces_voc").glob("*.jpg")):
        found = _verdicts(detector, cv2.imread(str(path)))
        if path.name in ("2008_001009.jpg", "2008_001322.jpg"):  # large, frontal faces
            assert found and set(found) == {"ok"}, path.name
        verdicts.update(found)
    # Measured: 13 of 18 pass; the others are under 12 px between the eyes, or turned 44°.
    assert verdicts["ok"] >= 13
    assert set(verdicts) <= {"ok", "small", "pose"}


def test_aligned_crops_of_dlib_johns_all_pass_and_fail_once_blurred(models_dir, media_dir):
    detector = _yunet(models_dir)
    paths = sorted((media_dir / "dlib_johns").glob("*/*.jpg"))[::5]
    assert paths
    for path in paths:
        image = cv2.copyMakeBorder(cv2.imread(str(path)), 75, 75, 75, 75, cv2.BORDER_CONSTANT)
        detections = detector.detect(image)
        assert [q.verdict for q in assess_faces(image, detections)] == ["ok"], path.name
        width = float(detections.xyxy[0, 2] - detections.xyxy[0, 0])
        blurred = cv2.GaussianBlur(image, (0, 0), 0.05 * width)
        assert [q.verdict for q in assess_faces(blurred, detections)] == ["blur"], path.name
