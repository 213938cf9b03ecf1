"""An in-memory vault with the rights API of :class:`privacam.store.vault.Vault`, and a
detector and embedder that hand back what the test chose: matching logic under test
without the models."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from privacam.records import RepeatVisit, new_visit_id
from privacam.vision.types import FACE_CLASS_ID, Detections


def unit(values) -> np.ndarray:
    row = np.asarray(values, dtype=np.float32)
    return row / np.linalg.norm(row)


@dataclass(frozen=True)
class Match:
    visitor_id: str
    similarity: float


@dataclass(frozen=True)
class Receipt:
    templates: int
    visits: int


@dataclass
class MemoryVault:
    templates: dict[str, np.ndarray] = field(default_factory=dict)
    visits: dict[str, list[RepeatVisit]] = field(default_factory=dict)
    exclusions: list[np.ndarray] = field(default_factory=list)
    probes: list[float] = field(default_factory=list)

    def enrol(self, feature: np.ndarray, *, seen_at: datetime, visits: int = 1) -> str:
        visitor_id = str(uuid.uuid4())
        self.templates[visitor_id] = unit(feature)
        self.visits[visitor_id] = [
            RepeatVisit(
                visit_id=new_visit_id(),
                visitor_id=visitor_id,
                store_id="shibuya",
                camera_id="entrance",
                seen_at=seen_at + timedelta(days=i),
                repeat=i > 0,
            )
            for i in range(visits)
        ]
        return visitor_id

    def candidates(self, feature: np.ndarray, *, threshold: float) -> list[Match]:
        self.probes.append(threshold)
        found = [Match(v, float(t @ unit(feature))) for v, t in self.templates.items()]
        return sorted((m for m in found if m.similarity >= threshold), key=lambda m: -m.similarity)

    def visits_of(self, visitor_id: str) -> list[RepeatVisit]:
        return list(self.visits.get(visitor_id, []))

    def delete_visitor(self, visitor_id: str, *, reason: str) -> Receipt:
        templates = 1 if self.templates.pop(visitor_id, None) is not None else 0
        return Receipt(templates, len(self.visits.pop(visitor_id, [])))

    def add_exclusion(self, feature: np.ndarray, *, reason: str) -> str:
        self.exclusions.append(unit(feature))
        return str(uuid.uuid4())


class FixedFaces:
    """A detector that finds ``count`` faces in any image."""

    def __init__(self, count: int = 1) -> None:
        self.count = count

    def detect(self, image: np.ndarray) -> Detections:
        boxes = np.tile(np.array([[10, 10, 60, 60]], dtype=np.float32), (self.count, 1))
        return Detections(
            xyxy=boxes,
            scores=np.ones(self.count, dtype=np.float32),
            class_ids=np.full(self.count, FACE_CLASS_ID),
        )


class FixedFeature:
    """An embedder whose every face has the feature the test set."""

    name = "fixed"

    def __init__(self, feature) -> None:
        self.feature = unit(feature)
        self.dimension = self.feature.size

    def embed(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        return np.tile(self.feature, (len(faces), 1))
