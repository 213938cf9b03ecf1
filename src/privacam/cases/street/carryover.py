"""Temporal carry-over: keep masking a face or plate through detection blinks, and just before.

Frame-by-frame masking (deface) shows a face for the frames its detector
misses. Here every detection is tracked (ByteTrack, per class), and each frame
is masked with:

1. its own detections (all of them: tracking only ever adds masks);
2. the predicted boxes of tracks lost for up to ``lost_frames`` frames, so a
   blink is covered where the object was heading;
3. back-filled boxes: frames wait in a look-ahead buffer of ``lookahead``
   frames before release. When a track appears, its first box is added to
   the buffered frames before it (a face entering the frame, or one the
   detector only finds once it is large enough); when a lost track is found
   again, the boxes between its last and current sighting are interpolated
   into the buffered frames of the gap.

The buffer holds at most ``lookahead`` frames, so memory is bounded whatever
the video's length.

>>> carry = CarryOver(lookahead=2, lost_frames=5)
>>> face = Detections(xyxy=[[10, 10, 30, 30]], scores=[0.9], class_ids=[100])
>>> out = carry.push("f0", Detections.empty(), 0, 0.0) + carry.push("f1", face, 1, 0.04)
>>> out += carry.push("f2", Detections.empty(), 2, 0.08) + carry.flush()
>>> [(item, len(boxes)) for item, boxes in out]  # f0 masked ahead, f2 through the blink
[('f0', 1), ('f1', 1), ('f2', 1)]
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

from privacam.vision.tracking import ByteTrackConfig, ByteTracker
from privacam.vision.types import Detections

T = TypeVar("T")


@dataclass
class _Pending(Generic[T]):
    item: T
    index: int
    parts: list[Detections] = field(default_factory=list)


class CarryOver(Generic[T]):
    """Feed frames in order with their detections; get them back, delayed, with boxes to mask."""

    def __init__(self, lookahead: int = 8, lost_frames: int = 15, match_iou: float = 0.1) -> None:
        if lookahead < 0 or lost_frames < 0:
            raise ValueError("lookahead and lost_frames cannot be negative")
        self.lookahead = lookahead
        # Detections reaching here already passed the detector's (recall-first) threshold,
        # so each one is trusted: it starts a confirmed track at once.
        self.tracker = ByteTracker(
            ByteTrackConfig(
                high_score=0.0,
                low_score=0.0,
                new_track_score=0.0,
                confirm_score=0.0,
                match_iou=match_iou,
                lost_frames=lost_frames,
                fallback_distance=1.0,
            )
        )
        self._buffer: deque[_Pending[T]] = deque()
        self._last_seen: dict[int, tuple[int, np.ndarray, int]] = {}  # id -> (frame, box, class)
        self.tracks_seen: dict[int, int] = {}  # tracker id -> class id

    def push(
        self, item: T, detections: Detections, index: int, timestamp: float
    ) -> list[tuple[T, Detections]]:
        """Add frame ``index``; return the frames leaving the buffer, oldest first."""
        update = self.tracker.update(detections, index, timestamp)
        pending = _Pending(item, index, [_plain(detections), _plain(update.lost)])
        for event in update.events:
            box = np.asarray(event.xyxy, dtype=np.float32)
            if event.kind == "new":
                self.tracks_seen[event.tracker_id] = event.class_id
                self._backfill_before(box, event.class_id)
            elif event.kind == "updated" and getattr(event, "reactivated", False):
                self._interpolate_gap(event.tracker_id, box, index, event.class_id)
        tracked = update.tracked
        if tracked.tracker_id is not None:
            for tid, box, cls in zip(
                tracked.tracker_id, tracked.xyxy, tracked.class_ids, strict=True
            ):
                self._last_seen[int(tid)] = (index, box.copy(), int(cls))
        self._buffer.append(pending)
        released = []
        while len(self._buffer) > self.lookahead:
            released.append(self._release(self._buffer.popleft()))
        return released

    def flush(self) -> list[tuple[T, Detections]]:
        """Release every buffered frame (end of the video)."""
        released = [self._release(p) for p in self._buffer]
        self._buffer.clear()
        return released

    def _backfill_before(self, box: np.ndarray, class_id: int) -> None:
        extra = _one(box, class_id)
        for pending in self._buffer:
            pending.parts.append(extra)

    def _interpolate_gap(self, tid: int, box: np.ndarray, index: int, class_id: int) -> None:
        last = self._last_seen.get(tid)
        if last is None:
            return
        last_index, last_box, _ = last
        span = index - last_index
        for pending in self._buffer:
            if last_index < pending.index < index:
                t = (pending.index - last_index) / span
                pending.parts.append(_one((1 - t) * last_box + t * box, class_id))

    @staticmethod
    def _release(pending: _Pending[T]) -> tuple[T, Detections]:
        return pending.item, Detections.merge(pending.parts)


def _plain(detections: Detections) -> Detections:
    return Detections(detections.xyxy, detections.scores, detections.class_ids)


def _one(box: np.ndarray, class_id: int) -> Detections:
    return Detections(
        xyxy=np.asarray(box, np.float32)[None], scores=np.zeros(1), class_ids=[class_id]
    )
