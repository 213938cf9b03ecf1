"""Case ②: shop flow lines, as zone visits, transitions and floor heatmaps per window."""

from __future__ import annotations

from privacam.cases.camera_setup import floor_map_of, zones_of
from privacam.cases.detection import DetectorPlan
from privacam.cases.entry import CameraContext, CaseEntry, RunsAs
from privacam.cases.flow import FlowAnalyzer
from privacam.errors import InputError
from privacam.policy.spec import Case, FlowSettings
from privacam.records import FlowWindow, HeatmapWindow, Trajectory, ZoneTransitionCount

#: ④ and ②: full frames, a low score cut so ByteTrack's second association sees weak boxes.
TRACKING_DETECTOR = DetectorPlan(classes=(0,), score_threshold=0.1)


def flow_analyzer(context: CameraContext, settings: FlowSettings) -> FlowAnalyzer:
    camera = context.camera
    zones = zones_of(camera)
    if any(z.name == "all" for z in zones):
        raise InputError(f"camera {camera.id}: zone name 'all' is reserved; rename the zone")
    return FlowAnalyzer(
        camera.id,
        zones,
        floor_map_of(context.spec, camera, context.base_dir, required=False),
        context.outputs,
        window=context.window,
        zone=context.zone,
        visit_timeout=settings.visit_timeout,
    )


FLOW = CaseEntry(
    case=Case.flow,
    settings=FlowSettings,
    runs_as=RunsAs.stream,
    record_kinds=(FlowWindow, ZoneTransitionCount, HeatmapWindow, Trajectory),
    analyzer=flow_analyzer,
    detector_plan=lambda settings: TRACKING_DETECTOR,
    window=lambda settings: settings.window,
)
