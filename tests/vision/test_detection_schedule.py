"""DetectionSchedule: a steady detection rate, dense while a track is starting."""

from __future__ import annotations

import numpy as np

from privacam.vision.tracking import ByteTrackConfig, ByteTracker, DetectionSchedule
from privacam.vision.types import Detections


def person(x: float, score: float) -> Detections:
    return Detections(xyxy=[[x, 100, x + 40, 200]], scores=[score], class_ids=[0])


def test_without_a_rate_every_frame_is_detected() -> None:
    schedule = DetectionSchedule(None)
    assert all(schedule.due(i / 25) for i in range(10))
    assert schedule.detected == schedule.frames == 10


def test_the_rate_keeps_frames_on_its_time_grid() -> None:
    schedule = DetectionSchedule(12.5)
    assert [i for i in range(10) if schedule.due(i / 25)] == [0, 2, 4, 6, 8]
    assert schedule.detected / schedule.frames == 0.5


def test_no_gap_between_detections_is_longer_than_the_rate_allows() -> None:
    for source_fps, stride in ((30, 2), (60, 4), (25, 2), (10, 1)):
        schedule = DetectionSchedule(12.5)
        kept = [i for i in range(24) if schedule.due(i / source_fps)]
        assert kept == list(range(0, 24, stride)), source_fps
        if stride > 1:  # a 10 fps source cannot be detected more often than it gives frames
            assert max(np.diff(kept)) / source_fps <= 1 / 12.5 + 1e-9


def test_a_gap_in_the_source_is_detected_after_it() -> None:
    schedule = DetectionSchedule(12.5)
    times = [0.0, 0.04, 0.08, 3.0, 3.04, 3.08]
    assert [t for t in times if schedule.due(t)] == [0.0, 0.08, 3.0, 3.08]


def test_a_rate_above_the_source_rate_detects_every_frame() -> None:
    schedule = DetectionSchedule(50)
    assert all(schedule.due(i / 25) for i in range(10))


def test_while_a_track_is_tentative_the_next_frame_is_detected_too() -> None:
    # A weak first detection (below confirm_score) starts a tentative track.
    tracker = ByteTracker(ByteTrackConfig(confirm_score=0.9))
    schedule = DetectionSchedule(12.5)
    detected = []
    for i in range(10):
        t = i / 25
        if not schedule.due(t):
            continue
        detected.append(i)
        seen = person(100 + 5 * i, 0.8) if i >= 2 else Detections.empty()
        update = tracker.update(seen, i, t)
        schedule.observed(update, tracker)
    # 2: tentative -> 3 detected; 3: confirmed ("new") -> 4 detected; then the rate.
    assert detected == [0, 2, 3, 4, 6, 8]


def test_a_plain_rate_ignores_starting_tracks() -> None:
    tracker = ByteTracker(ByteTrackConfig(confirm_score=0.9))
    schedule = DetectionSchedule(12.5, dense_while_starting=False)
    detected = []
    for i in range(6):
        if schedule.due(i / 25):
            detected.append(i)
            schedule.observed(tracker.update(person(100 + 5 * i, 0.8), i, i / 25), tracker)
    assert detected == [0, 2, 4]


def test_forecast_predicts_without_advancing() -> None:
    schedule = DetectionSchedule(12.5)
    assert schedule.due(0.0)
    upcoming = [i / 25 for i in range(1, 6)]
    assert schedule.forecast(upcoming) == [False, True, False, True, False]
    assert schedule.forecast(upcoming) == [False, True, False, True, False]  # unchanged
    assert [schedule.due(t) for t in upcoming] == [False, True, False, True, False]


def test_forecast_while_dense_expects_every_frame() -> None:
    tracker = ByteTracker(ByteTrackConfig(confirm_score=0.9))
    schedule = DetectionSchedule(12.5)
    schedule.due(0.0)
    schedule.observed(tracker.update(Detections.empty(), 0, 0.0), tracker)
    assert schedule.forecast([0.04, 0.08]) == [False, True]
    schedule.due(0.08)
    schedule.observed(tracker.update(person(100, 0.8), 2, 0.08), tracker)
    assert tracker.unconfirmed == 1
    assert schedule.forecast([0.12, 0.16, 0.2]) == [True, True, True]


def test_no_detections_means_no_starting_tracks() -> None:
    tracker = ByteTracker()
    schedule = DetectionSchedule(12.5)
    for i in range(4):
        if schedule.due(i / 25):
            schedule.observed(tracker.update(Detections.empty(), i, i / 25), tracker)
    assert schedule.detected == 2 and tracker.unconfirmed == 0
    assert np.isclose(schedule.detected / schedule.frames, 0.5)
