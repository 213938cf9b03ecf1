"""What case ③ asks of the vault, as a port: the store implements it, the case only calls it.

The case never stores a face feature itself. It hands the vault one averaged,
unit-length feature per track and gets back a pseudonymous visitor id, which is
random and never derived from the face. The store's encrypted vault
(:mod:`privacam.store.vault`) is the implementation; tests may use an in-memory one.

Matching is one-to-many within this operator's own stores only
(``case_settings.repeat.stores``): nothing is shared across operators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class GalleryMatch:
    """The enrolled visitor a feature matched, and how closely (cosine similarity)."""

    visitor_id: str
    similarity: float


class VisitorGallery(Protocol):
    """Match, enrol and exclude faces by their features; every call is audited by the store."""

    def is_excluded(self, feature: np.ndarray) -> bool:
        """True when the feature matches an opted-out person: nothing may be recorded."""
        ...

    def match(self, feature: np.ndarray) -> GalleryMatch | None:
        """The best enrolled visitor at or above the threshold, if exactly one is clear."""
        ...

    def enrol(self, feature: np.ndarray, *, seen_at: datetime, store_id: str) -> str:
        """Store the feature as a new visitor's template; returns the new visitor id."""
        ...
