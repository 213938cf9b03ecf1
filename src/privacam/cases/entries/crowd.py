"""Case ⑥: a station crowd map, people moving and still per area, overwritten per interval."""

from __future__ import annotations

from privacam.cases.camera_setup import floor_map_of, zones_of
from privacam.cases.crowd import CrowdAnalyzer
from privacam.cases.detection import DetectorPlan
from privacam.cases.entry import CameraContext, CaseEntry, RunsAs
from privacam.errors import InputError
from privacam.policy.spec import Case, CrowdSettings
from privacam.records import CrowdInterval
from privacam.vision.density import DensityCrowdConfig
from privacam.vision.tracking import ByteTrackConfig

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


def crowd_analyzer(context: CameraContext, settings: CrowdSettings) -> CrowdAnalyzer:
    if settings.store_individual_tracks:
        raise InputError(
            "case_settings.crowd.store_individual_tracks is true, but the crowd case "
            "keeps no individual tracks (GUIDEBOOK §4 ⑥); set it to false"
        )
    camera = context.camera
    return CrowdAnalyzer(
        camera.id,
        zones_of(camera),
        floor_map_of(context.spec, camera, context.base_dir, required=True),
        context.outputs,
        interval=context.window,
        zone=context.zone,
        congestion_thresholds=settings.congestion_thresholds,
    )


CROWD = CaseEntry(
    case=Case.crowd,
    settings=CrowdSettings,
    runs_as=RunsAs.stream,
    record_kinds=(CrowdInterval,),
    analyzer=crowd_analyzer,
    detector_plan=lambda settings: CROWD_DETECTOR,
    window=lambda settings: settings.overwrite_interval,
)
