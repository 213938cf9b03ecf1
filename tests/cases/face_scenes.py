"""Hand-made frames for cases ① and ③: person tracks and what the face stage read of them.

The face stage is not run here: each frame says which people are in view and, per person,
the :class:`FaceRead` the stage would hand the case (quality verdict, and age/gender or a
feature when read). Tracks are made by hand too (``new`` when a person appears, ``ended``
the frame after they leave), so a test states exactly which track read what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from privacam.cases.base import Observation
from privacam.records import Record
from privacam.vision.faces.types import AgeGender, FaceQuality, FaceReadings, QualityVerdict
from privacam.vision.tracking import TrackEvent, TrackUpdate
from privacam.vision.types import Detections
from tests.cases.scenes import HEIGHT, START, WIDTH


@dataclass(frozen=True)
class FaceRead:
    """What the stage read of one person's face in one frame."""

    verdict: QualityVerdict = "ok"
    age_gender: AgeGender | None = None
    embedding: np.ndarray | None = None


def person_box(track_id: int) -> tuple[float, float, float, float]:
    x = 40.0 + 60.0 * (track_id % 9)
    return (x, 100.0, x + 40.0, 300.0)


class FaceScene:
    """Feeds an analyser frames of hand-made tracks and face reads, at ``fps``."""

    def __init__(self, analyser, fps: float = 10.0, start: datetime = START) -> None:
        self.analyser = analyser
        self.fps = fps
        self.start = start
        self.frame = 0
        self.offset = timedelta(0)
        self.in_view: set[int] = set()
        self.records: list[Record] = []
        self.spans: list[tuple[datetime, datetime]] = []

    @property
    def now(self) -> datetime:
        return self.start + self.offset + timedelta(seconds=self.frame / self.fps)

    def step(self, people: Mapping[int, FaceRead | None]) -> list[Record]:
        """One frame with ``people`` (track id → their face read, or None: no face) in view."""
        t = self.frame / self.fps
        events = [
            TrackEvent("ended", tid, 0, self.frame, t, person_box(tid))
            for tid in sorted(self.in_view - set(people))
        ]
        events += [
            TrackEvent("new", tid, 0, self.frame, t, person_box(tid))
            for tid in sorted(set(people) - self.in_view)
        ]
        ids = sorted(people)
        tracked = Detections(
            np.array([person_box(tid) for tid in ids], np.float32).reshape(-1, 4),
            np.full(len(ids), 0.9),
            np.zeros(len(ids)),
            tracker_id=np.array(ids, dtype=np.int64),
        )
        update = TrackUpdate(self.frame, t, tracked, Detections.empty(), events)
        observation = Observation(
            "cam", self.frame, t, self.now, WIDTH, HEIGHT, tracked, update, _readings(people)
        )
        batch = self.analyser.observe(observation)
        self.records += batch.records
        self.spans += batch.spans
        self.in_view = set(people)
        self.frame += 1
        return batch.records

    def hold(self, people: Mapping[int, FaceRead | None], frames: int) -> None:
        for _ in range(frames):
            self.step(people)

    def idle(self, frames: int = 1) -> None:
        self.hold({}, frames)

    def jump(self, by: timedelta) -> None:
        """The next frames come ``by`` later (a later visit, without a frame per second)."""
        self.offset += by

    def close(self, keep: bool = True) -> list[Record]:
        at = self.now - timedelta(seconds=1 / self.fps)
        batch = self.analyser.close(at, keep=keep)
        self.records += batch.records
        self.spans += batch.spans
        return batch.records

    def of(self, kind: type) -> list:
        return [r for r in self.records if isinstance(r, kind)]


def _readings(people: Mapping[int, FaceRead | None]) -> FaceReadings:
    faced = [(tid, read) for tid, read in sorted(people.items()) if read is not None]
    boxes = [person_box(tid) for tid, _ in faced]
    faces = Detections(
        np.array([(x0 + 10, y0, x0 + 30, y0 + 24) for x0, y0, _, _ in boxes], np.float32).reshape(
            -1, 4
        ),
        np.full(len(faced), 0.9),
        np.zeros(len(faced)),
    )
    sharp = {"ok": 150.0, "small": 150.0, "pose": 150.0, "blur": 2.0}
    return FaceReadings(
        faces,
        np.array([tid for tid, _ in faced], dtype=int),
        [FaceQuality(read.verdict, 40.0, 0.0, sharp[read.verdict]) for _, read in faced],
        age_gender=[read.age_gender for _, read in faced],
        embeddings=[read.embedding for _, read in faced],
    )
