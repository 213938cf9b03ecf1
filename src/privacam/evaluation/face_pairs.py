"""Match thresholds of a face descriptor, measured on every same-person and different-person pair.

Given unit-length features and who each face is, this computes the cosine similarity
of every pair, the true-accept rate (same person, similarity ≥ threshold) and the
false-accept rate (different people, similarity ≥ threshold) across a sweep of
thresholds, and the figures case ③ is held to (:class:`MatchCalibration`):

- the **safe threshold**: the loosest threshold on the sweep's grid at which no
  different-person pair is accepted;
- the **per-pair false-accept rate f** there: zero were seen, so f is the
  rule-of-three bound ``3 / pairs`` (a 95 % upper bound for zero events in that many
  trials), not zero;
- the **gallery limit**: the largest N with N·f < 1 %, since one new face is compared
  with every enrolled template and wrongly matches one with probability about N·f.

>>> import numpy as np
>>> vectors = np.array([[1, 0], [0.99, 0.141], [0, 1], [0.141, 0.99]], dtype=np.float32)
>>> scores = pair_scores(vectors, ["ann", "ann", "bob", "bob"])
>>> len(scores.same), len(scores.different)
(2, 4)
>>> safe = safe_threshold(scores)
>>> safe, true_accept_rate(scores, safe), false_accepts(scores, safe)
(0.28, 1.0, 0)
>>> gallery_limit(per_pair_false_accept_rate(0, 300))
0
>>> gallery_limit(per_pair_false_accept_rate(0, 30_000))
99
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from privacam.policy.face_matching import MatchCalibration

#: The expected false-merge rate a gallery must stay under (N·f < 1 %).
FALSE_MERGE_TARGET = 0.01


@dataclass(frozen=True, slots=True)
class PairScores:
    """Cosine similarities of every same-person pair and every different-person pair."""

    same: np.ndarray
    different: np.ndarray


def pair_scores(vectors: np.ndarray, identities: Sequence[str]) -> PairScores:
    """All pairs of ``vectors`` (unit rows), split by whether ``identities`` agree."""
    people = np.asarray(identities)
    if len(people) != len(vectors):
        raise ValueError(f"{len(vectors)} features but {len(people)} identities")
    similarity = np.asarray(vectors, dtype=np.float64) @ np.asarray(vectors, dtype=np.float64).T
    upper = np.triu(np.ones(similarity.shape, dtype=bool), k=1)
    same = people[:, None] == people[None, :]
    return PairScores(same=similarity[upper & same], different=similarity[upper & ~same])


def true_accept_rate(scores: PairScores, threshold: float) -> float:
    """Share of same-person pairs at or above ``threshold`` (NaN with no such pair)."""
    return float(np.mean(scores.same >= threshold)) if len(scores.same) else math.nan


def false_accepts(scores: PairScores, threshold: float) -> int:
    """How many different-person pairs are at or above ``threshold``."""
    return int(np.sum(scores.different >= threshold))


def sweep(scores: PairScores, thresholds: Sequence[float]) -> list[tuple[float, float, float]]:
    """``(threshold, TAR, FAR)`` for each threshold, FAR over the different-person pairs."""
    pairs = max(len(scores.different), 1)
    return [(t, true_accept_rate(scores, t), false_accepts(scores, t) / pairs) for t in thresholds]


def safe_threshold(scores: PairScores, step: float = 0.01) -> float:
    """The loosest multiple of ``step`` at which no different-person pair is accepted."""
    if not len(scores.different):
        raise ValueError("no different-person pairs: nothing to calibrate against")
    grid = math.floor(float(scores.different.max()) / step + 1e-9) + 1
    return round(grid * step, 6)


def per_pair_false_accept_rate(accepted: int, pairs: int) -> float:
    """The observed rate, or the rule-of-three bound 3 / pairs when none was accepted."""
    if pairs <= 0:
        raise ValueError("no different-person pairs")
    return accepted / pairs if accepted else 3.0 / pairs


def gallery_limit(rate: float, target: float = FALSE_MERGE_TARGET) -> int:
    """The largest gallery size N with N · rate < target."""
    size = math.floor(target / rate)
    while size > 0 and size * rate >= target:  # division may round up across the boundary
        size -= 1
    return size


def calibrate(
    model: str, scores: PairScores, measured_on: str, step: float = 0.01
) -> MatchCalibration:
    """The :class:`MatchCalibration` of ``model`` at its safe threshold."""
    threshold = safe_threshold(scores, step)
    rate = per_pair_false_accept_rate(false_accepts(scores, threshold), len(scores.different))
    return MatchCalibration(
        model=model,
        safe_threshold=threshold,
        true_accept_rate=round(true_accept_rate(scores, threshold), 4),
        false_accept_rate=float(f"{rate:.3g}"),
        different_pairs=len(scores.different),
        gallery_limit=gallery_limit(rate),
        measured_on=measured_on,
    )
