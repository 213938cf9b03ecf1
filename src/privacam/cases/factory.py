"""Build a camera's case analyser, and the detector plan it wants, from the deployment file.

>>> from privacam.cases.factory import detector_plan
>>> detector_plan("crowd").tiled
True
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from privacam.cases.base import CaseAnalyzer, CaseOutputs
from privacam.cases.counting import CLASS_IDS, CountingAnalyzer
from privacam.cases.crowd import CrowdAnalyzer
from privacam.cases.detection import DetectorPlan
from privacam.cases.floor import FloorMap, read_floor_plan
from privacam.cases.flow import FlowAnalyzer
from privacam.errors import InputError
from privacam.policy.spec import (
    Camera,
    CountingSettings,
    CrowdSettings,
    Deployment,
    FlowSettings,
)
from privacam.vision.density import DensityCrowdConfig
from privacam.vision.geometry import CountingLine, PolygonZone
from privacam.vision.tracking import ByteTrackConfig

log = logging.getLogger(__name__)

BUILT_CASES = ("counting", "flow", "crowd")

#: ④ and ②: full frames, a low score cut so ByteTrack's second association sees weak boxes.
TRACKING_DETECTOR = DetectorPlan(classes=(0,), score_threshold=0.1)
#: ⑥ hybrid by scene (privacam.vision.density.hybrid): sparse frames are full-frame boxes
#: at 0.4; dense ones add overlapping 320 px tiles (4x3 on 1024x768) at a low score cut, merged
#: by NMS, and MCNN density points where no box stands; chosen with benchmarks/bench_crowd.py
#: (benchmarks/README.md). The tracker (for moving/still only) starts tracks from the same
#: weak boxes it counts.
CROWD_DETECTOR = DetectorPlan(
    classes=(0,),
    score_threshold=0.15,
    tile_size=(320, 320),
    density=DensityCrowdConfig(),
    tracker=ByteTrackConfig(low_score=0.1, high_score=0.3, new_track_score=0.3, confirm_score=0.5),
)


def detector_plan(case: str, classes: Sequence[str] | None = None) -> DetectorPlan:
    """The detector a case wants; ``classes`` are the counting case's class names."""
    if case == "crowd":
        return CROWD_DETECTOR
    if case == "counting":
        names = list(classes) if classes is not None else list(CLASS_IDS)
        # NMS at IoU 0.3, not YOLOX's 0.45: a second box on one person makes a second track
        # and a double count (benchmarks/bench_counting.py).
        return DetectorPlan(
            classes=tuple(CLASS_IDS[n] for n in names), score_threshold=0.1, nms_iou=0.3
        )
    if case == "flow":
        return TRACKING_DETECTOR
    raise InputError(f"case {case!r} has no analyser yet; privacam runs {', '.join(BUILT_CASES)}")


def plan_for(spec: Deployment) -> DetectorPlan:
    """The detector plan of a deployment's case."""
    settings = spec.case_settings.counting or CountingSettings()
    return detector_plan(spec.case.value, settings.classes)


def _zones(camera: Camera) -> list[PolygonZone]:
    return [PolygonZone(z.polygon, name=z.name) for z in camera.zones]


def _floor(spec: Deployment, camera: Camera, base_dir: Path | None, *, required: bool):
    pairs = camera.floor_points
    if not pairs and not required:
        log.warning(
            "camera %s has no floor_points: the heatmap grid lies over the image, "
            "on a blank canvas",
            camera.id,
        )
        return None
    image_points, floor_points = [p.image for p in pairs], [p.floor for p in pairs]
    # The points first: a bad homography is the error to fix whatever the plan.
    FloorMap.build(image_points, floor_points, camera_id=camera.id)
    # A plan named but unreadable is an error, not a blank canvas: floor points are in the
    # plan's pixels, and without its size every one would fall outside an empty map.
    plan = read_floor_plan(spec.site.floor_plan, base_dir) if spec.site.floor_plan else None
    return FloorMap.build(
        image_points,
        floor_points,
        plan=plan,
        plan_size_m=spec.site.floor_plan_size_m,
        camera_id=camera.id,
    )


def case_window(spec: Deployment) -> timedelta:
    """The length of the case's time window (the crowd case's interval)."""
    case = spec.case.value
    if case == "counting":
        return (spec.case_settings.counting or CountingSettings()).window
    if case == "flow":
        return (spec.case_settings.flow or FlowSettings()).window
    if case == "crowd":
        return (spec.case_settings.crowd or CrowdSettings()).overwrite_interval
    raise InputError(f"case {case!r} has no analyser yet; privacam runs {', '.join(BUILT_CASES)}")


def make_analyzer(
    spec: Deployment,
    camera: Camera,
    outputs: CaseOutputs,
    *,
    base_dir: Path | None = None,
) -> CaseAnalyzer:
    """The analyser of ``spec.case`` for ``camera``; ``base_dir`` resolves a relative
    ``site.floor_plan`` (the deployment file's folder)."""
    case = spec.case.value
    tz = ZoneInfo(spec.timezone)
    if case == "counting":
        settings = spec.case_settings.counting or CountingSettings()
        lines = [CountingLine(ln.start, ln.end, name=ln.name) for ln in camera.lines]
        return CountingAnalyzer(
            camera.id,
            lines,
            _zones(camera),
            window=case_window(spec),
            zone=tz,
            classes=settings.classes,
        )
    if case == "flow":
        settings_f = spec.case_settings.flow or FlowSettings()
        zones = _zones(camera)
        if any(z.name == "all" for z in zones):
            raise InputError(f"camera {camera.id}: zone name 'all' is reserved; rename the zone")
        return FlowAnalyzer(
            camera.id,
            zones,
            _floor(spec, camera, base_dir, required=False),
            outputs,
            window=case_window(spec),
            zone=tz,
            visit_timeout=settings_f.visit_timeout,
        )
    if case == "crowd":
        settings_c = spec.case_settings.crowd or CrowdSettings()
        if settings_c.store_individual_tracks:
            raise InputError(
                "case_settings.crowd.store_individual_tracks is true, but the crowd case "
                "keeps no individual tracks (GUIDEBOOK §4 ⑥); set it to false"
            )
        return CrowdAnalyzer(
            camera.id,
            _zones(camera),
            _floor(spec, camera, base_dir, required=True),
            outputs,
            interval=case_window(spec),
            zone=tz,
            congestion_thresholds=settings_c.congestion_thresholds,
        )
    raise InputError(f"case {case!r} has no analyser yet; privacam runs {', '.join(BUILT_CASES)}")
