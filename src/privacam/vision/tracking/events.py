"""What a tracker reports each frame: the tracked boxes and the lifecycle events.

A track is born tentative; it is *confirmed* (gets a public ``tracker_id``)
when its first detection is confident or when it is matched again. Events:

- ``new``: a track was confirmed; ``history`` holds every box observed since
  its first (possibly tentative) detection, so counters can start from the
  first observation, not from the confirmation.
- ``updated``: a confirmed track was matched to a detection this frame
  (``reactivated`` is true when it comes back from ``lost``).
- ``lost``: a confirmed track was not matched this frame for the first time;
  its box is the Kalman *prediction*, so a masker can keep covering it.
- ``ended``: a lost track stayed unmatched past the lost buffer and is dropped;
  its box is the last *observed* box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from privacam.vision.types import Detections

TrackEventKind = Literal["new", "updated", "lost", "ended"]


@dataclass(frozen=True, slots=True)
class TrackObservation:
    """One observed box of a track: where it was seen, when, and how confidently."""

    frame_index: int
    timestamp: float
    xyxy: tuple[float, float, float, float]
    score: float


@dataclass(frozen=True, slots=True)
class TrackEvent:
    kind: TrackEventKind
    tracker_id: int
    class_id: int
    frame_index: int
    timestamp: float
    xyxy: tuple[float, float, float, float]
    score: float = 0.0
    reactivated: bool = False
    history: tuple[TrackObservation, ...] = ()


@dataclass(frozen=True, slots=True)
class TrackUpdate:
    """The result of one ``update``: tracked boxes, predicted boxes of lost tracks, events.

    ``tracked`` holds the confirmed tracks matched this frame, with
    ``tracker_id`` set and the *detected* boxes; ``lost`` holds the confirmed
    tracks currently lost, with their *predicted* boxes (score 0).
    """

    frame_index: int
    timestamp: float
    tracked: Detections
    lost: Detections
    events: list[TrackEvent] = field(default_factory=list)

    def tracked_and_lost(self) -> Detections:
        """Detected boxes of tracked people plus predicted boxes of lost ones (for masking)."""
        return Detections.merge([self.tracked, self.lost])

    def of_kind(self, kind: TrackEventKind) -> list[TrackEvent]:
        return [e for e in self.events if e.kind == kind]

    @property
    def ended_ids(self) -> np.ndarray:
        return np.array([e.tracker_id for e in self.events if e.kind == "ended"], dtype=np.int64)
