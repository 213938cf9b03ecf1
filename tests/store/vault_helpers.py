"""Features, visits and times for the vault's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from privacam.records import RepeatVisit, new_visit_id

MODEL = "test_embedder"
#: A first visit recent enough that no template has expired yet.
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)


def random_feature(rng: np.random.Generator, dims: int = 128) -> np.ndarray:
    row = rng.standard_normal(dims).astype(np.float32)
    return row / np.linalg.norm(row)


def near(feature: np.ndarray, rng: np.random.Generator, noise: float = 0.02) -> np.ndarray:
    """Another capture of the same face: the feature moved a little."""
    row = feature + noise * rng.standard_normal(feature.size).astype(np.float32)
    return (row / np.linalg.norm(row)).astype(np.float32)


def mix(a: np.ndarray, b: np.ndarray, weight: float = 0.5) -> np.ndarray:
    row = weight * a + (1 - weight) * b
    return (row / np.linalg.norm(row)).astype(np.float32)


def visit(
    visitor_id: str, seen_at=T0, *, repeat: bool = False, store_id: str = "s1"
) -> RepeatVisit:
    return RepeatVisit(
        visit_id=new_visit_id(),
        visitor_id=visitor_id,
        store_id=store_id,
        camera_id="entrance",
        seen_at=seen_at,
        repeat=repeat,
    )


def at_similarity(a: np.ndarray, b: np.ndarray, similarity: float) -> np.ndarray:
    """A unit feature whose cosine similarity to ``a`` is exactly ``similarity``, turned
    from ``a`` toward ``b``."""
    away = b - float(np.dot(a, b)) * a
    away /= np.linalg.norm(away)
    row = similarity * a + np.sqrt(1 - similarity**2) * away
    return row.astype(np.float32)
