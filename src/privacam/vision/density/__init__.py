"""Crowd density: models that count dense crowds, and the points and boxes made from them.

:class:`MCNNDensity` (MIT, the default) and :class:`CSRNetDensity` (licence
unclear, opt-in) return a :class:`DensityMap`; :func:`density_points` turns a
map into one point per person; :class:`DensityCrowdDetector` joins a person
detector and a density model into one :class:`~privacam.vision.detectors.Detector`
for sparse and dense scenes alike.

>>> from privacam.vision.density import DensityCrowdDetector, MCNNDensity
>>> from privacam.vision.detectors import YoloxDetector
>>> people = DensityCrowdDetector(YoloxDetector(score_threshold=0.2), MCNNDensity())  # doctest: +SKIP
"""

from privacam.vision.density.hybrid import (
    DENSITY_PERSON_SCORE,
    CrowdScene,
    DensityCrowdConfig,
    DensityCrowdDetector,
    DensityEstimator,
    head_points,
)
from privacam.vision.density.maps import DensityMap
from privacam.vision.density.models import CSRNetDensity, MCNNDensity
from privacam.vision.density.points import density_points, unit_gaussian

__all__ = [
    "DENSITY_PERSON_SCORE",
    "CSRNetDensity",
    "CrowdScene",
    "DensityCrowdConfig",
    "DensityCrowdDetector",
    "DensityEstimator",
    "DensityMap",
    "MCNNDensity",
    "density_points",
    "head_points",
    "unit_gaussian",
]
