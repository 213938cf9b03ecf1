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


#: The descriptor case ③ runs with by default (model registry name): the calibration
#: ``check`` compares a deployment's threshold against.
DEFAULT_EMBEDDER = "dlib_resnet"


def false_merge_rate(calibration: MatchCalibration, gallery_size: int) -> float:
    """The expected chance that a new face wrongly matches one of ``gallery_size`` templates.

    One-to-many matching: each template is one more chance of a false accept, so the rate
    is ``1 - (1 - f) ** N`` (about ``N·f`` while small).

    >>> c = MatchCalibration("m", 0.9, 0.8, 1e-5, 100_000, 1000, "test")
    >>> round(false_merge_rate(c, 1000), 4)
    0.01
    """
    return 1.0 - (1.0 - calibration.false_accept_rate) ** gallery_size
