"""The quality gates: small, turned, tilted and blurred faces fail with their verdict."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from privacam.vision.faces.quality import QualityThresholds, assess_faces, landmark_pose
from tests.vision.face_fakes import faces, frontal_landmarks, sharp_image, turned_landmarks


def _rolled(landmarks: np.ndarray, degrees: float) -> np.ndarray:
    centre = landmarks.mean(axis=0)
    t = np.radians(degrees)
    rotation = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return ((landmarks - centre) @ rotation.T + centre).astype(np.float32)


def test_a_sharp_frontal_face_passes_every_gate():
    (quality,) = assess_faces(sharp_image(), faces((320, 240), eye_distance=24))
    assert quality.verdict == "ok"
    assert quality.size == pytest.approx(24)
    assert abs(quality.yaw) < 1 and abs(quality.roll) < 1


def test_a_tiny_face_fails_as_small():
    (quality,) = assess_faces(sharp_image(), faces((320, 240), eye_distance=6))
    assert quality.verdict == "small"
    assert quality.size == pytest.approx(6)


def test_a_profile_face_from_turned_landmarks_fails_as_pose():
    # 60 px between the eyes when frontal, 20 px once turned 70°: large enough to be posed
    turned = turned_landmarks(320, 240, 60, yaw=70)
    (quality,) = assess_faces(sharp_image(), faces((320, 240), eye_distance=60, landmarks=[turned]))
    assert quality.verdict == "pose"
    assert quality.yaw == pytest.approx(70, abs=1)


def test_a_three_quarter_face_passes_the_pose_gate():
    turned = turned_landmarks(320, 240, 30, yaw=25)
    (quality,) = assess_faces(sharp_image(), faces((320, 240), eye_distance=30, landmarks=[turned]))
    assert quality.verdict == "ok"


def test_yaw_estimate_follows_a_turning_head():
    estimates = [landmark_pose(turned_landmarks(0, 0, 40, yaw=y))[1] for y in (-60, -30, 0, 30, 60)]
    assert estimates == sorted(estimates)
    assert estimates[2] == pytest.approx(0, abs=1e-6)
    assert estimates[3] == pytest.approx(30, abs=8)


def test_a_face_tilted_past_the_roll_limit_fails_as_pose():
    tilted = _rolled(frontal_landmarks(320, 240, 30), 50)
    (quality,) = assess_faces(sharp_image(), faces((320, 240), eye_distance=30, landmarks=[tilted]))
    assert quality.verdict == "pose"
    assert quality.roll == pytest.approx(50, abs=0.5)


def test_a_blurred_face_fails_as_blur():
    image = cv2.GaussianBlur(sharp_image(), (0, 0), 4)
    (quality,) = assess_faces(image, faces((320, 240), eye_distance=30))
    assert quality.verdict == "blur"
    assert quality.sharpness < QualityThresholds().min_sharpness


def test_the_verdict_names_the_first_gate_that_failed():
    image = cv2.GaussianBlur(sharp_image(), (0, 0), 4)
    turned = turned_landmarks(320, 240, 6, yaw=70)
    (quality,) = assess_faces(image, faces((320, 240), eye_distance=6, landmarks=[turned]))
    assert quality.verdict == "small"


def test_a_face_at_the_frame_edge_is_measured_without_error():
    image = sharp_image()
    detections = faces((5, 5), eye_distance=30)  # the box runs off the top-left corner
    (quality,) = assess_faces(image, detections)
    assert quality.sharpness > 0
