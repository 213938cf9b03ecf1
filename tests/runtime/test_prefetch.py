"""Detections started ahead on a pool change nothing but the time they take."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import numpy as np

from privacam.runtime.pipeline import VisionPipeline
from privacam.runtime.prefetch import prefetch_detections
from privacam.vision.detectors.pool import DetectorPool
from privacam.vision.tracking import ByteTrackConfig, ByteTracker, DetectionSchedule
from privacam.vision.types import Detections, Frame

T0 = datetime(2026, 4, 1, tzinfo=UTC)


class ScriptedDetector:
    """People by frame, read from the frame index written into the image's first pixels."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.lock = threading.Lock()

    def detect(self, image: np.ndarray) -> Detections:
        index = int(image[0, 0, 0]) + 256 * int(image[0, 0, 1])
        with self.lock:
            self.calls.append(index)
        boxes, scores = [], []
        if index % 17 not in (5, 6):  # a person, missed now and then
            boxes.append([10 + 3 * index, 100, 50 + 3 * index, 200])
            scores.append(0.95)
        if 20 <= index < 60:  # a second, weak at first: a tentative track
            boxes.append([400 - 2 * index, 120, 440 - 2 * index, 220])
            scores.append(0.65 if index < 23 else 0.9)
        return Detections(
            xyxy=np.array(boxes).reshape(-1, 4), scores=scores, class_ids=[0] * len(scores)
        )


def frames(n: int) -> list[Frame]:
    out = []
    for i in range(n):
        image = np.zeros((8, 8, 3), dtype=np.uint8)
        image[0, 0, 0], image[0, 0, 1] = i % 256, i // 256
        out.append(Frame(image=image, index=i, timestamp=i / 25))
    return out


def observations(pipeline: VisionPipeline, n: int) -> list[tuple]:
    seen = []
    for frame, pending in pipeline.frames(frames(n)):
        o = pipeline.observe(frame, "cam1", T0, pending)
        if o is not None:
            seen.append(
                (o.frame_index, o.detections.xyxy.tolist(), o.tracks.tracked.tracker_id.tolist())
            )
    pipeline.close()
    return seen


def pipeline(detector, rate: float | None) -> VisionPipeline:
    tracker = ByteTracker(ByteTrackConfig(confirm_score=0.7))
    return VisionPipeline(detector, tracker, schedule=DetectionSchedule(rate))


def test_a_pool_with_frames_ahead_gives_the_same_observations_as_one_detector() -> None:
    for rate in (None, 12.5):
        alone = observations(pipeline(ScriptedDetector(), rate), 90)
        copies = [ScriptedDetector(), ScriptedDetector()]
        ahead = observations(pipeline(DetectorPool(copies), rate), 90)
        assert ahead == alone
        detected = sorted(i for c in copies for i in c.calls)
        assert set(detected) >= {o[0] for o in alone}
        if rate is not None:
            # Half the frames plus the starting tracks' frames; guesses wasted are few.
            assert len(alone) < 70 and len(detected) <= len(alone) + 10


def test_frames_come_out_in_order_with_the_wanted_ones_started() -> None:
    pool = DetectorPool([ScriptedDetector(), ScriptedDetector()])
    schedule = DetectionSchedule(12.5)
    out = []
    for frame, pending in prefetch_detections(frames(10), pool, schedule, depth=3):
        out.append((frame.index, pending is not None))
        schedule.due(frame.timestamp)
    pool.close()
    assert [i for i, _ in out] == list(range(10))
    assert [i for i, started in out if started] == [0, 2, 4, 6, 8]


def test_stopping_early_cancels_what_was_started() -> None:
    pool = DetectorPool([ScriptedDetector(), ScriptedDetector()])
    stream = prefetch_detections(frames(10), pool, DetectionSchedule(None), depth=3)
    first, pending = next(stream)
    assert first.index == 0 and pending is not None
    stream.close()  # the camera loop broke off (stop, --max-frames)
    pool.close()
