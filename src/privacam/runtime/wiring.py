"""A camera's case analyser, its detector and tracker, and the models they use.

The case decides what it needs (its entry in :mod:`privacam.cases.registry`: analyser,
:class:`~privacam.cases.detection.DetectorPlan` and window); this module builds it for
one open source, resolves the models through the registry so that the run can
record their digests, and checks the camera's geometry against the frame size
before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from privacam.cases.base import CaseAnalyzer, CaseOutputs
from privacam.cases.factory import case_window, make_analyzer, plan_for
from privacam.cases.gallery import VisitorGallery
from privacam.policy.loader import LoadedSpec
from privacam.policy.spec import (
    Camera,
)
from privacam.vision.detectors import Detector
from privacam.vision.faces.reader import FaceReader
from privacam.vision.models import resolve_model
from privacam.vision.sources import SourceInfo
from privacam.vision.tracking import ByteTracker


@dataclass
class CaseWiring:
    analyzer: CaseAnalyzer
    detector: Detector
    tracker: ByteTracker | None
    window: timedelta
    model_digests: dict[str, str]
    #: The face stage (cases ① and ③), ``None`` for the others.
    faces: FaceReader | None = None


def wire_case(
    loaded: LoadedSpec,
    camera: Camera,
    outputs: CaseOutputs,
    info: SourceInfo,
    *,
    gallery: VisitorGallery | None = None,
) -> CaseWiring:
    """Everything one camera's run needs besides its source (case ③'s ``gallery`` is the
    vault the runtime opened); InputError on bad geometry."""
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
    detector = plan.build(resolved=models)
    faces = plan.build_face_reader(resolved=models)
    needs_tracks = analyzer.needs_tracks or faces is not None  # faces are linked to tracks
    tracker = ByteTracker(plan.tracker) if needs_tracks else None
    digests = {name: model.sha256 for name, model in models.items()}
    return CaseWiring(analyzer, detector, tracker, case_window(spec), digests, faces)
