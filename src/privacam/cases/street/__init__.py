"""Case ⑤ street imagery: mask faces and licence plates in images and video, at fleet scale.

``privacam anonymize INPUT... -o OUTDIR`` drives :func:`run_batch`; one module per concept:
:mod:`~.inputs` (what to process), :mod:`~.overlap` (no output over an input),
:mod:`~.detection` (faces and plates, for recall), :mod:`~.carryover` (masks through
detection blinks and before first appearance), :mod:`~.image_pipeline` and
:mod:`~.video_pipeline`, :mod:`~.metadata` (EXIF, GPS, sidecars), :mod:`~.engines`
(process pool or Ray), :mod:`~.qa_sheet`, :mod:`~.batch`.
"""

from privacam.cases.street.batch import BatchSummary, run_batch
from privacam.cases.street.carryover import CarryOver
from privacam.cases.street.detection import DetectorConfig, StreetDetector
from privacam.cases.street.job import Job
from privacam.cases.street.overlap import check_paths, refuse_overlaps
from privacam.cases.street.setup import job_from_spec

__all__ = [
    "BatchSummary",
    "CarryOver",
    "DetectorConfig",
    "Job",
    "StreetDetector",
    "check_paths",
    "job_from_spec",
    "refuse_overlaps",
    "run_batch",
]
