"""The face models themselves on dlib_johns crops: loading, unit length, identity, age and gender.

dlib_johns holds 150×150 face crops; YuNet finds each one on a canvas padded by half a
crop, the way the calibration does (benchmarks/calibrate_faces.py).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.vision.detectors.yunet import YunetFaceDetector
from privacam.vision.faces import load_age_gender, load_embedder
from privacam.vision.types import Detections

pytestmark = pytest.mark.assets

PEOPLE = ("John_Salley", "John_Savage", "John_Schneider")


@pytest.fixture(scope="module")
def johns(media_dir: Path, models_dir: Path) -> list[tuple[str, np.ndarray, Detections]]:
    """Three crops each of three people: (identity, padded canvas, its one face)."""
    detector = YunetFaceDetector(models_dir / "face_detection_yunet_2023mar.onnx")
    crops = []
    for person in PEOPLE:
        for path in sorted((media_dir / "dlib_johns" / person).glob("*.jpg"))[:3]:
            canvas = cv2.copyMakeBorder(cv2.imread(str(path)), 75, 75, 75, 75, cv2.BORDER_CONSTANT)
            faces = detector.detect(canvas)
            crops.append((person, canvas, faces[[int(np.argmax(faces.scores))]]))
    return crops


@pytest.fixture(scope="module", params=["dlib_resnet", "mobilefacenet"])
def embedder(request: pytest.FixtureRequest, models_dir: Path):
    return load_embedder(request.param, models_dir)


@pytest.fixture(scope="module", params=["cydral_age_gender", "insightface_genderage"])
def estimator(request: pytest.FixtureRequest, models_dir: Path):
    return load_age_gender(request.param, models_dir)


def test_default_models_load_from_their_wheels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRIVACAM_MODELS", raising=False)
    embedder, estimator = load_embedder(), load_age_gender()
    assert embedder.model.source == "package" and embedder.predictor_model.source == "package"
    assert {estimator.age_model.source, estimator.gender_model.source} == {"package"}


def test_alternatives_load_from_privacam_models(
    models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    assert load_embedder("mobilefacenet").model.source == "PRIVACAM_MODELS"
    assert load_age_gender("insightface_genderage").model.source == "PRIVACAM_MODELS"


def test_embeddings_are_unit_length_and_deterministic(embedder, johns) -> None:
    _, canvas, face = johns[0]
    first = embedder.embed(canvas, face)
    assert first.shape == (1, embedder.dimension) and first.dtype == np.float32
    assert np.linalg.norm(first, axis=1) == pytest.approx(1.0, abs=1e-5)
    assert np.array_equal(first, embedder.embed(canvas.copy(), face))


def test_faces_of_one_frame_are_embedded_in_order(embedder, johns) -> None:
    frame, both = side_by_side(johns, 0, 3)
    together = embedder.embed(frame, both)
    alone = np.concatenate([embedder.embed(johns[i][1], johns[i][2]) for i in (0, 3)])
    assert together.shape == (2, embedder.dimension)
    # the same faces, up to border pixels that the other face now fills in
    assert np.einsum("ij,ij->i", together, alone) == pytest.approx([1.0, 1.0], abs=1e-3)
    assert embedder.embed(frame, Detections.empty()).shape == (0, embedder.dimension)


def side_by_side(johns, first: int, second: int) -> tuple[np.ndarray, Detections]:
    """Two crops' canvases in one frame, and both faces in frame coordinates."""
    (_, a, face_a), (_, b, face_b) = johns[first], johns[second]
    shift = a.shape[1]
    shifted = Detections(
        xyxy=face_b.xyxy + np.array([shift, 0, shift, 0]),
        scores=face_b.scores,
        class_ids=face_b.class_ids,
        landmarks=face_b.landmarks + np.array([shift, 0]),
    )
    return np.concatenate([a, b], axis=1), Detections.merge([face_a, shifted])


def test_faces_of_one_frame_are_estimated_in_order(estimator, johns) -> None:
    frame, both = side_by_side(johns, 0, 6)
    together = estimator.estimate(frame, both)
    alone = [estimator.estimate(johns[i][1], johns[i][2])[0] for i in (0, 6)]
    assert [r.age for r in together] == pytest.approx([r.age for r in alone], abs=0.5)
    assert [r.gender for r in together] == [r.gender for r in alone]
    assert abs(together[0].age - together[1].age) > 1  # two people, not one twice


def test_same_person_is_closer_than_different_people(embedder, johns) -> None:
    vectors = np.concatenate([embedder.embed(canvas, face) for _, canvas, face in johns])
    people = np.array([person for person, _, _ in johns])
    similarity = vectors @ vectors.T
    same = people[:, None] == people[None, :]
    off_diagonal = ~np.eye(len(people), dtype=bool)
    assert similarity[same & off_diagonal].min() > similarity[~same].max()


def test_age_and_gender_are_in_sane_ranges(estimator, johns) -> None:
    readings = [estimator.estimate(canvas, face)[0] for _, canvas, face in johns]
    assert all(0.0 <= r.age <= 100.0 for r in readings)
    assert all(0.0 <= r.female_probability <= 1.0 for r in readings)
    assert sum(r.gender == "male" for r in readings) >= len(readings) - 1  # all are men
    assert estimator.estimate(johns[0][1], Detections.empty()) == []


def test_cydral_ages_match_the_age_and_gender_package(media_dir: Path) -> None:
    # Reference values printed by age_and_gender 2.0.0's own predict_face() on the whole
    # crop (run once by hand; privacam never imports the package).
    expected = {"John_Salley": (30, 99), "John_Savage": (51, 99), "John_Schneider": (39, 99)}
    estimator = load_age_gender()
    for person, (age, male_percent) in expected.items():
        crop = cv2.imread(str(sorted((media_dir / "dlib_johns" / person).glob("*.jpg"))[0]))
        h, w = crop.shape[:2]
        whole = Detections(xyxy=[[0, 0, w, h]], scores=[1.0], class_ids=[0])
        reading = estimator.estimate(crop, whole)[0]
        assert round(reading.age) == age
        assert int((1 - reading.female_probability) * 100) == male_percent
