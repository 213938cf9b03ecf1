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
    #: The per-pair false-accept rate f at that threshold, from ``different_pairs`` pairs:
    #: none is accepted there by construction, so f is the rule-of-three bound 3 / pairs
    #: (95 % upper bound for zero events), not zero.
    false_accept_rate: float
    different_pairs: int
    #: The gallery size below which N·f stays under 1 %.
    gallery_limit: int
    #: The data the figures were measured on, and the command that reproduces them.
    measured_on: str


_MEASURED_ON = (
    "dlib_johns (55 crops, 5 people), dlib_faces_voc (17 faces, 17 people seen once), "
    "ShanghaiTech_partB_sample (25 faces of 32 px or more, 25 people): 275 same-person "
    "pairs; `benchmarks/calibrate_faces.py ../shared/assets/media/dlib_johns "
    "../shared/assets/media/dlib_faces_voc ../shared/assets/media/ShanghaiTech_partB_sample`"
)

#: model registry name → its calibration; filled from benchmarks/calibrate_faces.py.
CALIBRATIONS: dict[str, MatchCalibration] = {
    # The default descriptor. Its closest different people are small East Asian faces
    # of the crowd photos (cosine 0.956; 0.936 within the VOC photos, 0.895 among the
    # five Johns). dlib's customary Euclidean 0.6 on its raw descriptors (about cosine
    # 0.90 here) accepts 156 of the 4381 different-person pairs.
    "dlib_resnet": MatchCalibration(
        model="dlib_resnet",
        safe_threshold=0.96,
        true_accept_rate=0.9273,
        false_accept_rate=0.000685,
        different_pairs=4381,
        gallery_limit=14,
        measured_on=_MEASURED_ON,
    ),
    # For comparison only (licence unclear, never a default): same-person minimum 0.536,
    # different-person maximum 0.666 (crowd faces; 0.36 among the Johns and VOC faces).
    "mobilefacenet": MatchCalibration(
        model="mobilefacenet",
        safe_threshold=0.67,
        true_accept_rate=0.8909,
        false_accept_rate=0.000685,
        different_pairs=4381,
        gallery_limit=14,
        measured_on=_MEASURED_ON,
    ),
}


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
