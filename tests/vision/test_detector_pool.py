"""DetectorPool: copies of a detector working on different frames at once."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from privacam.vision.detectors.pool import DetectorPool
from privacam.vision.types import Detections


class SlowDetector:
    """Reports the image's first pixel as a box's x, after a pause; records concurrency."""

    active = 0
    peak = 0
    lock = threading.Lock()

    def __init__(self, pause: float = 0.05) -> None:
        self.pause = pause
        self.calls = 0

    def detect(self, image: np.ndarray) -> Detections:
        cls = SlowDetector
        with cls.lock:
            cls.active += 1
            cls.peak = max(cls.peak, cls.active)
        self.calls += 1
        time.sleep(self.pause)
        with cls.lock:
            cls.active -= 1
        x = float(image[0, 0, 0])
        return Detections(xyxy=[[x, 0, x + 1, 1]], scores=[1.0], class_ids=[0])


def image(value: int) -> np.ndarray:
    return np.full((4, 4, 3), value, dtype=np.uint8)


@pytest.fixture(autouse=True)
def _reset() -> None:
    SlowDetector.active = SlowDetector.peak = 0


def test_each_result_belongs_to_its_own_image() -> None:
    pool = DetectorPool([SlowDetector(0.01), SlowDetector(0.01)])
    futures = [pool.submit(image(v)) for v in range(20)]
    assert [float(f.result().xyxy[0, 0]) for f in futures] == list(range(20))
    pool.close()


def test_the_copies_work_at_the_same_time_but_no_copy_twice() -> None:
    copies = [SlowDetector(), SlowDetector()]
    pool = DetectorPool(copies)
    for f in [pool.submit(image(v)) for v in range(6)]:
        f.result()
    pool.close()
    assert SlowDetector.peak == 2  # two frames in flight, never more than the copies
    assert sorted(c.calls for c in copies) == [3, 3] or sum(c.calls for c in copies) == 6


def test_detect_waits_and_errors_reach_the_caller() -> None:
    class Broken:
        def detect(self, image: np.ndarray) -> Detections:
            raise RuntimeError("model failed")

    pool = DetectorPool([Broken()])
    with pytest.raises(RuntimeError, match="model failed"):
        pool.detect(image(1))
    pool.close()


def test_an_empty_pool_is_refused() -> None:
    with pytest.raises(ValueError):
        DetectorPool([])
