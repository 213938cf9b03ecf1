"""Frames in order, their detections started ahead on a detector pool.

The camera loop is sequential: the tracker needs frame *k* before *k + 1*. Detection is
not: it depends on the image alone. So while the loop tracks one frame, the pool
(:class:`~privacam.vision.detectors.pool.DetectorPool`) can already be detecting the
next frames the schedule will want (:meth:`DetectionSchedule.forecast`). A forecast can
be wrong only one way: the schedule stopped being dense, and a frame detected ahead is
not needed. Its result is dropped; nothing else changes, since the loop still asks the
schedule about every frame in order.

Frames wait here with their pixels, in memory only, until the loop takes them: at most
``depth`` of them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

from privacam.vision.detectors.pool import DetectorPool
from privacam.vision.tracking import DetectionSchedule
from privacam.vision.types import Detections, Frame

Pending = Future[Detections] | None

#: Frames started per detector copy. One: a second queued behind each copy measured no
#: faster on TUD-Campus x10 (126–142 against 132–137 frames/s, noisy) and wasted 97
#: detections of 478 instead of 40 of 421 on guesses the schedule did not want.
QUEUED_PER_WORKER = 1


def prefetch_detections(
    frames: Iterable[Frame], pool: DetectorPool, schedule: DetectionSchedule, depth: int
) -> Iterator[tuple[Frame, Pending]]:
    """``(frame, its detection already started or None)``, in the source's order."""
    source = iter(frames)
    waiting: deque[list] = deque()  # [frame, future or None]
    exhausted = False
    try:
        while True:
            while not exhausted and len(waiting) < depth:
                frame = next(source, None)
                if frame is None:
                    exhausted = True
                else:
                    waiting.append([frame, None])
            if not waiting:
                return
            _start_wanted(waiting, pool, schedule)
            frame, pending = waiting.popleft()
            yield frame, pending
    finally:
        for _, pending in waiting:
            if pending is not None:
                pending.cancel()


def _start_wanted(waiting: deque[list], pool: DetectorPool, schedule: DetectionSchedule) -> None:
    """Start the frames the schedule will want, oldest first, up to ``QUEUED_PER_WORKER``
    per copy of the detector (a guess queued far ahead is often wasted)."""
    in_flight = sum(1 for _, pending in waiting if pending is not None and not pending.done())
    wanted = schedule.forecast([frame.timestamp for frame, _ in waiting])
    for item, want in zip(waiting, wanted, strict=True):
        if in_flight >= QUEUED_PER_WORKER * pool.workers:
            return
        if want and item[1] is None:
            item[1] = pool.submit(item[0].image)
            in_flight += 1
