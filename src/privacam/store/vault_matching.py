"""One-to-many matching in memory: cosine similarity of a feature against decrypted templates.

Features are unit-length ``float32`` rows, so cosine similarity is a dot product. The
matrix lives only in this process's memory; nothing here writes anywhere.

A match needs a similarity at or above the threshold, and no *other* visitor within
``margin`` of the best one: two visitors that close are ambiguous, and an ambiguous
face is treated as unmatched (erring toward a new visitor rather than a wrong merge).

>>> import numpy as np
>>> m = FeatureMatrix()
>>> m.add("t1", "alice", unit([1, 0, 0]))
>>> m.add("t2", "bob", unit([0, 1, 0]))
>>> m.best(unit([0.9, 0.1, 0]), threshold=0.8, margin=0.05)
VaultMatch(visitor_id='alice', similarity=0.99...)
>>> m.best(unit([1, 1, 0]), threshold=0.5, margin=0.05) is None  # as close to both
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

MatchOutcome = Literal["matched", "ambiguous", "unmatched"]


@dataclass(frozen=True, slots=True)
class VaultMatch:
    """An enrolled visitor a feature matched, and how closely (cosine similarity).

    The same fields as :class:`privacam.cases.gallery.GalleryMatch`, which the store
    may not import (tests/test_layers.py): the case reads the two alike.
    """

    visitor_id: str
    similarity: float

    def __repr__(self) -> str:
        return f"VaultMatch(visitor_id={self.visitor_id!r}, similarity={self.similarity:.4f})"


def unit(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """``values`` as a unit-length float32 row (for tests and examples)."""
    row = np.asarray(values, dtype=np.float32)
    return row / np.linalg.norm(row)


def checked_feature(feature: np.ndarray, *, dims: int | None = None) -> np.ndarray:
    """The feature as a contiguous float32 row, refused unless finite and of unit length."""
    row = np.ascontiguousarray(np.asarray(feature, dtype=np.float32).reshape(-1))
    if row.size == 0 or not np.all(np.isfinite(row)):
        raise ValueError("a face feature must be a non-empty row of finite numbers")
    if abs(float(np.linalg.norm(row)) - 1.0) > 1e-3:
        raise ValueError("a face feature must have unit length (normalise it first)")
    if dims is not None and row.size != dims:
        raise ValueError(f"a face feature of {row.size} values; this vault holds {dims}")
    return row


class FeatureMatrix:
    """Decrypted features with the ids of their rows and visitors, for ranking."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._owner_names: list[str] = []  # distinct owners, in order of first row
        self._owner_index: dict[str, int] = {}
        self._codes: list[int] = []  # per row: its owner's index in _owner_names
        self._rows: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None
        self._code_array: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def dims(self) -> int | None:
        return self._rows[0].size if self._rows else None

    def add(self, row_id: str, owner_id: str, feature: np.ndarray) -> None:
        row = checked_feature(feature, dims=self.dims)
        code = self._owner_index.setdefault(owner_id, len(self._owner_names))
        if code == len(self._owner_names):
            self._owner_names.append(owner_id)
        self._ids.append(row_id)
        self._codes.append(code)
        self._rows.append(row)
        self._matrix = self._code_array = None

    def similarities(self, feature: np.ndarray) -> np.ndarray:
        if not self._rows:
            return np.zeros(0, dtype=np.float32)
        if self._matrix is None:
            self._matrix = np.vstack(self._rows)
            self._code_array = np.asarray(self._codes, dtype=np.intp)
        # einsum, not `@`: BLAS's threads fight for the cores with the video pipeline; on the
        # busy 2-core machine `@` took 11 ms against 10 000 templates, einsum 1.3 ms.
        return np.einsum("ij,j->i", self._matrix, checked_feature(feature, dims=self.dims))

    def ranked(self, feature: np.ndarray, *, limit: int | None = None) -> list[VaultMatch]:
        """Every owner once, by its closest row, most similar first (the first ``limit``)."""
        similarities = self.similarities(feature)
        if similarities.size == 0:
            return []
        best = np.full(len(self._owner_names), -2.0, dtype=np.float32)
        np.maximum.at(best, self._code_array, similarities)
        if limit is not None and limit < best.size:
            top = np.argpartition(-best, limit - 1)[:limit]
            order = top[np.argsort(-best[top], kind="stable")]
        else:
            order = np.argsort(-best, kind="stable")
        return [VaultMatch(self._owner_names[i], float(best[i])) for i in order]

    def above(self, feature: np.ndarray, *, threshold: float) -> list[VaultMatch]:
        """Every owner at or above ``threshold``, most similar first."""
        return [m for m in self.ranked(feature) if m.similarity >= threshold]

    def best(self, feature: np.ndarray, *, threshold: float, margin: float) -> VaultMatch | None:
        """The one clear owner at or above ``threshold``; None when none, or when the
        runner-up is within ``margin`` of it (ambiguous)."""
        return self.classify(feature, threshold=threshold, margin=margin)[1]

    def classify(
        self, feature: np.ndarray, *, threshold: float, margin: float
    ) -> tuple[MatchOutcome, VaultMatch | None]:
        """``("matched", match)``, or ``("ambiguous", None)`` or ``("unmatched", None)``."""
        ranked = self.ranked(feature, limit=2)
        if not ranked or ranked[0].similarity < threshold:
            return "unmatched", None
        if len(ranked) > 1 and ranked[0].similarity - ranked[1].similarity < margin:
            return "ambiguous", None
        return "matched", ranked[0]
