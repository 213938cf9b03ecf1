"""Synthetic scenes for case tests: people as boxes with known positions, tracked for real."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from privacam.cases.base import Observation
from privacam.records import Record
from privacam.vision.tracking import ByteTracker, TrackUpdate
from privacam.vision.types import Detections

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 4, 1, 10, 7, tzinfo=TOKYO)
WIDTH, HEIGHT = 640, 480


def box(x: float, y: float, height: float = 100.0) -> list[float]:
    """A person box with feet (bottom centre) at (x, y)."""
    return [x - height / 5, y - height, x + height / 5, y]


def detections(
    feet: Sequence[tuple[float, float]],
    class_ids: Sequence[int] | None = None,
    height: float = 100.0,
) -> Detections:
    n = len(feet)
    return Detections(
        xyxy=np.array([box(x, y, height) for x, y in feet], dtype=np.float32).reshape(-1, 4),
        scores=np.full(n, 0.9),
        class_ids=np.zeros(n) if class_ids is None else np.asarray(class_ids),
    )


class Scene:
    """Feeds an analyser frame by frame through a real ByteTracker, at ``fps``."""

    def __init__(self, analyser, fps: float = 10.0, start: datetime = START, track: bool = True):
        self.analyser = analyser
        self.fps = fps
        self.start = start
        self.tracker = ByteTracker() if track else None
        self.frame = 0
        self.records: list[Record] = []

    @property
    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.frame / self.fps)

    def step(self, dets: Detections, *, at: datetime | None = None) -> list[Record]:
        t = self.frame / self.fps
        captured = at or self.now
        tracks: TrackUpdate | None = None
        if self.tracker is not None:
            tracks = self.tracker.update(dets, self.frame, t)
        out = self.analyser.observe(
            Observation("cam", self.frame, t, captured, WIDTH, HEIGHT, dets, tracks)
        ).records
        self.records += out
        self.frame += 1
        return out

    def play(self, frames: Iterable[Detections]) -> None:
        for dets in frames:
            self.step(dets)

    def idle(self, seconds: float) -> None:
        """Frames with nobody in view (tracks end)."""
        for _ in range(round(seconds * self.fps)):
            self.step(Detections.empty())

    def close(self, keep: bool = True) -> list[Record]:
        at = self.start + timedelta(seconds=(self.frame - 1) / self.fps)
        out = self.analyser.close(at, keep=keep).records
        self.records += out
        return out

    def of(self, kind: type) -> list:
        return [r for r in self.records if isinstance(r, kind)]
