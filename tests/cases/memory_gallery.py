"""An in-memory :class:`~privacam.cases.gallery.VisitorGallery` for case ③'s tests.

It matches by cosine similarity like the vault, and remembers every feature it was handed,
so a test can check what the case asked (and that it never handed over a failed read).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from privacam.cases.gallery import GalleryMatch


@dataclass
class MemoryGallery:
    threshold: float = 0.9
    templates: dict[str, np.ndarray] = field(default_factory=dict)
    excluded: list[np.ndarray] = field(default_factory=list)
    enrolled_at: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    #: Every feature the case handed over, in order, by call.
    asked: list[tuple[str, np.ndarray]] = field(default_factory=list)

    def is_excluded(self, feature: np.ndarray) -> bool:
        self.asked.append(("is_excluded", feature))
        return any(float(feature @ e) >= self.threshold for e in self.excluded)

    def match(self, feature: np.ndarray) -> GalleryMatch | None:
        self.asked.append(("match", feature))
        scores = {vid: float(feature @ t) for vid, t in self.templates.items()}
        best = max(scores, key=scores.__getitem__, default=None)
        if best is None or scores[best] < self.threshold:
            return None
        return GalleryMatch(best, scores[best])

    def enrol(self, feature: np.ndarray, *, seen_at: datetime, store_id: str) -> str:
        self.asked.append(("enrol", feature))
        visitor_id = str(uuid.uuid4())
        self.templates[visitor_id] = feature.copy()
        self.enrolled_at[visitor_id] = (seen_at, store_id)
        return visitor_id


def unit(vector) -> np.ndarray:
    v = np.asarray(vector, dtype=np.float32)
    return v / np.linalg.norm(v)


def person_feature(person: int, dimension: int = 16, noise: float = 0.0, seed: int = 0):
    """A unit feature for ``person``; ``noise`` perturbs it (another read of the same face)."""
    base = np.zeros(dimension, np.float32)
    base[person % dimension] = 1.0
    rng = np.random.default_rng(seed)
    return unit(base + noise * rng.standard_normal(dimension).astype(np.float32))
