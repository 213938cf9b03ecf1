"""Case ⑤ street imagery: what masking faces and licence plates in images and video is.

One module per concept: :mod:`~.detection` (faces and plates, for recall),
:mod:`~.masking`, :mod:`~.carryover` (masks through detection blinks and before first
appearance), :mod:`~.image_pipeline` and :mod:`~.video_pipeline` (one file each),
:mod:`~.metadata` (EXIF, GPS, sidecars), :mod:`~.job` (one run's settings and the
:class:`~.job.OriginalsSink` that keeps unmasked originals), :mod:`~.qa_sheet`.
``privacam anonymize`` runs them over the inputs through :mod:`privacam.runtime.anonymize`
(inputs, process pool or Ray, resume, verification: :mod:`privacam.runtime.batch`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from privacam.cases.street.carryover import CarryOver
    from privacam.cases.street.detection import DetectorConfig, StreetDetector
    from privacam.cases.street.job import Job, OriginalsSink, QuarantinedOriginal
    from privacam.cases.street.setup import job_from_spec

# Loaded on first use: CarryOver (video only) brings the tracker and SciPy, 0.4 s that a
# batch of images never needs.
_LAZY = {
    "CarryOver": "carryover",
    "DetectorConfig": "detection",
    "StreetDetector": "detection",
    "Job": "job",
    "OriginalsSink": "job",
    "QuarantinedOriginal": "job",
    "job_from_spec": "setup",
}

__all__ = [
    "CarryOver",
    "DetectorConfig",
    "Job",
    "OriginalsSink",
    "QuarantinedOriginal",
    "StreetDetector",
    "job_from_spec",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
