"""The face stage: linking faces to person tracks, the reading budget, no pixel kept."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from privacam.vision.faces.stage import FaceStage, FaceStageSettings
from privacam.vision.faces.types import FaceReadings
from tests.vision.face_fakes import (
    FakeEmbedder,
    FakeEstimator,
    faces,
    sharp_image,
    tracks,
)

#: A person 300 px tall: upper third y 100–200, head near (200, 130).
PERSON = (150.0, 100.0, 250.0, 400.0)


def _stage(**settings) -> tuple[FaceStage, FakeEstimator, FakeEmbedder]:
    estimator, embedder = FakeEstimator(), FakeEmbedder()
    stage = FaceStage(FaceStageSettings(**settings), estimator=estimator, embedder=embedder)
    return stage, estimator, embedder


def test_a_face_in_a_persons_upper_box_goes_to_that_track_and_is_read():
    stage, estimator, embedder = _stage()
    readings = stage.read(sharp_image(), tracks(0, {7: PERSON}), faces((200, 130)))
    assert readings.track_ids.tolist() == [7]
    assert readings.age_gender[0] is not None and readings.embeddings[0] is not None
    assert estimator.faces_read == embedder.faces_read == 1


def test_a_face_in_the_lower_box_or_outside_goes_to_no_track_and_is_never_read():
    stage, estimator, embedder = _stage()
    lower, outside = (200, 330), (500, 130)
    readings = stage.read(sharp_image(), tracks(0, {7: PERSON}), faces(lower, outside))
    assert readings.track_ids.tolist() == [-1, -1]
    assert [q.verdict for q in readings.quality] == ["ok", "ok"]  # gated, yet not read
    assert readings.age_gender == [None, None] and readings.embeddings == [None, None]
    assert estimator.faces_read == embedder.faces_read == 0


def test_a_track_gets_one_face_at_most_the_one_nearest_its_head():
    stage, _, _ = _stage()
    behind = (235, 185)  # another head over the shoulder, still in the upper third
    readings = stage.read(sharp_image(), tracks(0, {7: PERSON}), faces(behind, (200, 130)))
    assert readings.track_ids.tolist() == [-1, 7]


def test_two_overlapping_people_each_get_their_own_face():
    stage, _, _ = _stage()
    people = {1: (100.0, 100.0, 220.0, 400.0), 2: (160.0, 110.0, 280.0, 410.0)}
    readings = stage.read(sharp_image(), tracks(0, people), faces((220, 140), (160, 130)))
    assert readings.track_ids.tolist() == [2, 1]


def test_a_face_failing_the_gates_is_never_read():
    stage, estimator, _ = _stage()
    blurred = cv2.GaussianBlur(sharp_image(), (0, 0), 4)
    readings = stage.read(blurred, tracks(0, {7: PERSON}), faces((200, 130)))
    assert readings.track_ids.tolist() == [7]
    assert readings.quality[0].verdict == "blur"
    assert readings.age_gender == [None] and estimator.faces_read == 0


def test_a_track_is_never_read_more_than_its_budget():
    stage, estimator, embedder = _stage(reads_per_track=3, min_frames_between_reads=1)
    image = sharp_image()
    read_in = [
        i
        for i in range(20)
        if stage.read(image, tracks(i, {7: PERSON}), faces((200, 130))).age_gender[0]
    ]
    assert read_in == [0, 1, 2]
    assert estimator.faces_read == embedder.faces_read == 3


def test_reads_of_a_track_are_spaced_at_least_k_frames_apart():
    stage, _, _ = _stage(reads_per_track=10, min_frames_between_reads=4)
    image = sharp_image()
    seen = [0, 1, 2, 5, 6, 9, 10, 11, 14]  # frames where the face is visible
    read_in = [
        i
        for i in seen
        if stage.read(image, tracks(i, {7: PERSON}), faces((200, 130))).embeddings[0] is not None
    ]
    assert read_in == [0, 5, 9, 14]


def test_each_track_has_its_own_budget():
    stage, estimator, _ = _stage(reads_per_track=1)
    people = {1: (100.0, 100.0, 200.0, 400.0), 2: (300.0, 100.0, 400.0, 400.0)}
    image = sharp_image()
    for i in range(10):
        stage.read(image, tracks(i * 10, people), faces((150, 130), (350, 130)))
    assert estimator.faces_read == 2


def test_an_ended_track_is_forgotten():
    stage, _, _ = _stage(reads_per_track=1)
    image = sharp_image()
    stage.read(image, tracks(0, {7: PERSON}), faces((200, 130)))
    assert stage.tracks_with_budget == 1
    stage.read(image, tracks(40, {}, ended=[7]), faces())
    assert stage.tracks_with_budget == 0


def test_readings_without_models_gate_and_link_but_read_nothing():
    stage = FaceStage()
    readings = stage.read(sharp_image(), tracks(0, {7: PERSON}), faces((200, 130)))
    assert readings.track_ids.tolist() == [7] and readings.passed.tolist() == [True]
    assert readings.age_gender == [None] and readings.embeddings == [None]


def _image_like(value: np.ndarray) -> bool:
    """An array that could hold pixels: bytes, or two axes of image size."""
    return value.dtype == np.uint8 or sum(1 for n in value.shape if n >= 16) >= 2


def _arrays(value, seen=None):
    """Every numpy array reachable from ``value`` through fields, slots, lists and dicts."""
    seen = set() if seen is None else seen
    if id(value) in seen or isinstance(value, str | bytes | int | float | bool | type(None)):
        return
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item, seen)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _arrays(item, seen)
    else:
        names = (
            [f.name for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value) else []
        )
        names += list(getattr(value, "__dict__", {}))
        for name in names:
            yield from _arrays(getattr(value, name), seen)


def test_face_readings_and_the_stage_keep_no_pixels():
    image = sharp_image()
    assert any(_image_like(a) for a in _arrays({"frame": image}))  # the probe finds pixels
    stage, _, _ = _stage()
    people = {1: (100.0, 100.0, 200.0, 400.0), 2: (300.0, 100.0, 400.0, 400.0)}
    kept = [
        stage.read(image, tracks(i * 5, people), faces(*[(150 + 10 * j, 130) for j in range(20)]))
        for i in range(3)
    ]
    assert all(isinstance(r, FaceReadings) for r in kept)
    assert [a.shape for a in _arrays(kept) if _image_like(a)] == []
    assert [a.shape for a in _arrays(stage) if _image_like(a)] == []
