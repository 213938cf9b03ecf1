"""Measured match thresholds of the face descriptors privacam ships, per model.

Case ③ must never merge two people. The figures here are measured, not chosen:
``benchmarks/calibrate_faces.py`` computes them from every same-person and
different-person pair of the face sets it is given, and prints the entry to paste.
``check`` compares a deployment's ``match_threshold`` with the entry of its model,
and the assessment states the gallery size up to which the expected false-merge
rate stays below 1 % (one-to-many matching: with N templates and a per-pair
false-accept rate f, a new face wrongly matches someone with probability ≈ N·f).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MatchCalibration:
    """One descriptor's measured figures at its safe threshold (cosine similarity)."""

    model: str
    #: The loosest cosine-similarity threshold at which no different-person pair matched.
    safe_threshold: float
    #: Same-person pairs accepted at that threshold.
    true_accept_rate: float
    #: Different-person pairs accepted at that threshold, and how many pairs were tried.
    false_accept_rate: float
    different_pairs: int
    #: The gallery size below which N·f stays under 1 %.
    gallery_limit: int
    #: The data the figures were measured on, and the command that reproduces them.
    measured_on: str


#: model registry name → its calibration; filled from benchmarks/calibrate_faces.py.
CALIBRATIONS: dict[str, MatchCalibration] = {}
