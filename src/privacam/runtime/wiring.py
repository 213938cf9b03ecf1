"""A camera's case analyser, its detector and tracker, and the models they use.

The case decides what it needs (its entry in :mod:`privacam.cases.registry`: analyser,
:class:`~privacam.cases.detection.DetectorPlan` and window); this module builds it for
one open source, resolves the models through the registry so that the run can
record their digests, and checks the camera's geometry against the frame size
before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from privacam.cases.base import CaseAnalyzer, CaseOutputs
from privacam.cases.detection import DetectorPlan
from privacam.cases.factory import case_window, make_analyzer, plan_for
from privacam.cases.gallery import VisitorGallery
from privacam.policy.loader import LoadedSpec
from privacam.policy.spec import (
    Camera,
)
from privacam.vision.detectors import Detector
from privacam.vision.detectors.pool import DetectorPool
from privacam.vision.faces.reader import FaceReader
from privacam.vision.models import resolve_model
from privacam.vision.sources import SourceInfo
from privacam.vision.tracking import ByteTracker, DetectionSchedule


@dataclass
class CaseWiring:
    analyzer: CaseAnalyzer
    detector: Detector
    tracker: ByteTracker | None
    window: timedelta
    model_digests: dict[str, str]
    #: The face stage (cases ① and ③), ``None`` for the others.
    faces: FaceReader | None = None
    #: Which frames are detected (the case's ``detect_fps``); ``None`` detects every frame.
    schedule: DetectionSchedule | None = None


def usable_cores() -> int:
    """The CPU cores this process may run on (a container's share, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def build_detector(plan: DetectorPlan, models: dict, cameras: int, cores: int) -> Detector:
    """The plan's detector for one of ``cameras`` cameras sharing ``cores`` cores.

    Each camera gets its share of the cores as single-thread copies of the detector in a
    :class:`DetectorPool` (two single-thread sessions on two frames beat one two-thread
    session on one: benchmarks/bench_anchor.py). A case that reads faces (① ③) reads
    each frame after tracking it, so it keeps one detector, with ONNX Runtime's own
    threads when it has the machine to itself.
    """
    copies = max(1, cores // max(1, cameras))
    if plan.face_reading is not None or copies == 1:
        threads = None if cameras == 1 else 1
        return plan.build(resolved=models, intra_op_num_threads=threads)
    return DetectorPool(
        [plan.build(resolved=models, intra_op_num_threads=1) for _ in range(copies)]
    )


def wire_case(
    loaded: LoadedSpec,
    camera: Camera,
    outputs: CaseOutputs,
    info: SourceInfo,
    *,
    gallery: VisitorGallery | None = None,
    cameras: int = 1,
    cores: int | None = None,
) -> CaseWiring:
    """Everything one camera's run needs besides its source (case ③'s ``gallery`` is the
    vault the runtime opened), for one of ``cameras`` cameras sharing ``cores`` cores
    (default: this process's); InputError on bad geometry."""
    spec = loaded.spec
    base_dir = loaded.path.parent if loaded.path is not None else None
    analyzer = make_analyzer(spec, camera, outputs, base_dir=base_dir, gallery=gallery)
    validate = getattr(analyzer, "validate", None)
    if validate is not None and info.width and info.height:
        validate(info.width, info.height)  # e.g. a counting line outside the frame
    plan = plan_for(spec)
    # Resolve first (downloading if allowed): the registry checks each file's digest.
    # Each model is resolved once, so -v logs it once.
    models = {name: resolve_model(name) for name in plan.model_names}
    detector = build_detector(plan, models, cameras, cores or usable_cores())
    faces = plan.build_face_reader(resolved=models)
    needs_tracks = analyzer.needs_tracks or faces is not None  # faces are linked to tracks
    tracker = ByteTracker(plan.tracker) if needs_tracks else None
    digests = {name: model.sha256 for name, model in models.items()}
    return CaseWiring(
        analyzer, detector, tracker, case_window(spec), digests, faces, plan.schedule()
    )
