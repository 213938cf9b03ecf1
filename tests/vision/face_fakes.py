"""Synthetic faces, person tracks and fake face models for the face stage's tests.

The fakes implement the protocols of :mod:`privacam.vision.faces.types` and count
what they were asked to read, so a test sees exactly which faces reached a model.
"""

from __future__ import annotations

import math

import numpy as np

from privacam.vision.faces.types import AgeGender
from privacam.vision.tracking import TrackEvent, TrackUpdate
from privacam.vision.types import FACE_CLASS_ID, Detections


def sharp_image(height: int = 480, width: int = 640, seed: int = 0) -> np.ndarray:
    """Noise: every face box in it is sharp."""
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def frontal_landmarks(cx: float, cy: float, eye_distance: float) -> np.ndarray:
    """YuNet's five points of a frontal, upright face centred at ``(cx, cy)``."""
    e = eye_distance / 2
    return np.array(
        [
            [cx - e, cy - 0.3 * eye_distance],
            [cx + e, cy - 0.3 * eye_distance],
            [cx, cy + 0.1 * eye_distance],
            [cx - 0.8 * e, cy + 0.5 * eye_distance],
            [cx + 0.8 * e, cy + 0.5 * eye_distance],
        ],
        dtype=np.float32,
    )


def turned_landmarks(cx: float, cy: float, eye_distance: float, yaw: float) -> np.ndarray:
    """The five points of a head turned by ``yaw`` degrees, projected orthographically.

    Eyes at ±e, nose tip a depth e in front of them, mouth corners a depth e/2.
    """
    e = eye_distance / 2
    points = np.array(
        [
            [-e, -0.6 * e, 0],
            [e, -0.6 * e, 0],
            [0, 0.2 * e, e],
            [-0.8 * e, e, e / 2],
            [0.8 * e, e, e / 2],
        ]
    )
    t = math.radians(yaw)
    x = points[:, 0] * math.cos(t) + points[:, 2] * math.sin(t)
    return np.stack([cx + x, cy + points[:, 1]], axis=1).astype(np.float32)


def faces(*centres: tuple[float, float], eye_distance: float = 20.0, landmarks=None) -> Detections:
    """Face detections centred at ``centres``, frontal unless ``landmarks`` are given."""
    if not centres:
        return Detections(landmarks=np.zeros((0, 5, 2), dtype=np.float32))
    boxes = [
        [cx - eye_distance, cy - eye_distance, cx + eye_distance, cy + 1.2 * eye_distance]
        for cx, cy in centres
    ]
    if landmarks is None:
        landmarks = [frontal_landmarks(cx, cy, eye_distance) for cx, cy in centres]
    return Detections(
        xyxy=boxes,
        scores=[0.9] * len(centres),
        class_ids=[FACE_CLASS_ID] * len(centres),
        landmarks=np.asarray(landmarks, dtype=np.float32),
    )


def tracks(
    frame_index: int, people: dict[int, tuple[float, float, float, float]], ended=()
) -> TrackUpdate:
    """A tracker update with ``people`` (tracker id → box) tracked and ``ended`` ids ended."""
    ids = list(people)
    tracked = Detections(
        xyxy=[people[i] for i in ids] or np.zeros((0, 4)),
        scores=[0.9] * len(ids),
        class_ids=[0] * len(ids),
        tracker_id=ids,
    )
    events = [
        TrackEvent(
            "ended",
            tracker_id=i,
            class_id=0,
            frame_index=frame_index,
            timestamp=frame_index / 25,
            xyxy=(0, 0, 1, 1),
        )
        for i in ended
    ]
    return TrackUpdate(frame_index, frame_index / 25, tracked, Detections.empty(), events)


class FakeEstimator:
    """An AgeGenderEstimator that answers 30 years, female, and counts its faces."""

    name = "fake_age_gender"

    def __init__(self) -> None:
        self.faces_read = 0

    def estimate(self, image: np.ndarray, faces: Detections) -> list[AgeGender]:
        self.faces_read += len(faces)
        return [AgeGender(age=30.0, female_probability=0.9) for _ in range(len(faces))]


class FakeEmbedder:
    """A FaceEmbedder whose feature is the unit vector of the face's box centre."""

    name = "fake_embedder"
    dimension = 2

    def __init__(self) -> None:
        self.faces_read = 0

    def embed(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        self.faces_read += len(faces)
        centres = (faces.xyxy[:, :2] + faces.xyxy[:, 2:]) / 2
        return (centres / np.linalg.norm(centres, axis=1, keepdims=True)).astype(np.float32)
