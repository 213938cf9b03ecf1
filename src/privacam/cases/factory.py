"""Build a camera's case analyser, and the detector plan it wants, from the deployment file.

Each case declares these in its registry entry (:mod:`privacam.cases.registry`); this
module only looks the entry up and applies it.

>>> from privacam.cases.factory import detector_plan
>>> detector_plan("crowd").tiled
True
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from privacam.cases import registry
from privacam.cases.base import CaseAnalyzer, CaseOutputs
from privacam.cases.detection import DetectorPlan
from privacam.cases.entry import CameraContext
from privacam.cases.gallery import VisitorGallery
from privacam.policy.spec import Camera, Case, Deployment


def detector_plan(case: Case | str, settings: BaseModel | None = None) -> DetectorPlan:
    """The detector a case wants, with its ``settings`` (default: the settings' defaults)."""
    entry = registry.stream_entry(case)
    assert entry.detector_plan is not None
    return entry.detector_plan(settings if settings is not None else entry.settings())


def plan_for(spec: Deployment) -> DetectorPlan:
    """The detector plan of a deployment's case."""
    entry = registry.stream_entry(spec.case)
    return detector_plan(spec.case, entry.settings_of(spec))


def case_window(spec: Deployment) -> timedelta:
    """The length of the case's time window (the crowd case's interval)."""
    entry = registry.stream_entry(spec.case)
    assert entry.window is not None
    return entry.window(entry.settings_of(spec))


def make_analyzer(
    spec: Deployment,
    camera: Camera,
    outputs: CaseOutputs,
    *,
    base_dir: Path | None = None,
    gallery: VisitorGallery | None = None,
) -> CaseAnalyzer:
    """The analyser of ``spec.case`` for ``camera``; ``base_dir`` resolves a relative
    ``site.floor_plan`` (the deployment file's folder); ``gallery`` is the vault's view that
    case ③ matches faces through (the runtime opens it)."""
    entry = registry.stream_entry(spec.case)
    assert entry.analyzer is not None
    context = CameraContext(
        spec=spec,
        camera=camera,
        outputs=outputs,
        base_dir=base_dir,
        window=case_window(spec),
        zone=ZoneInfo(spec.timezone),
        gallery=gallery,
    )
    return entry.analyzer(context, entry.settings_of(spec))
