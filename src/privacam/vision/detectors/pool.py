"""Several copies of one detector, detecting different frames at the same time.

On a small CPU one ONNX Runtime session with two threads uses its cores poorly: YOLOX-
Nano's layers are small, and the threads wait for each other at every one. Two
single-thread sessions, each on its own frame, keep both cores busy: on this project's
2-core machine 153 against 115 frames/s for the network alone. ONNX Runtime and OpenCV
release the GIL while they work, so plain threads suffice.

The pool is itself a detector (``detect`` waits for a free copy); :meth:`submit` starts
a frame and returns a future, so a caller can keep a frame in flight per copy.

>>> pool = DetectorPool([YoloxDetector(intra_op_num_threads=1) for _ in range(2)])  # doctest: +SKIP
>>> later = pool.submit(frame_a); now = pool.detect(frame_b)  # doctest: +SKIP
>>> detections_a = later.result()  # doctest: +SKIP
"""

from __future__ import annotations

import queue
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from privacam.vision.detectors.base import Detector
from privacam.vision.types import Detections


class DetectorPool:
    """``detectors`` (equivalent copies, e.g. one session each) shared by worker threads."""

    def __init__(self, detectors: Sequence[Detector]) -> None:
        if not detectors:
            raise ValueError("a detector pool needs at least one detector")
        self.detectors = list(detectors)
        self._idle: queue.SimpleQueue[Detector] = queue.SimpleQueue()
        for detector in self.detectors:
            self._idle.put(detector)
        self._executor = ThreadPoolExecutor(
            max_workers=len(self.detectors), thread_name_prefix="detect"
        )

    @property
    def workers(self) -> int:
        """How many frames can be detected at once."""
        return len(self.detectors)

    def submit(self, image: np.ndarray) -> Future[Detections]:
        """Start detecting ``image`` on the next free copy."""
        return self._executor.submit(self._detect_on_free_copy, image)

    def detect(self, image: np.ndarray) -> Detections:
        return self.submit(image).result()

    def close(self) -> None:
        """Wait for the frames in flight and stop the worker threads."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _detect_on_free_copy(self, image: np.ndarray) -> Detections:
        detector = self._idle.get()
        try:
            return detector.detect(image)
        finally:
            self._idle.put(detector)
