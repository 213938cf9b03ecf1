"""Case ④: people and vehicles crossing lines and standing in zones, counted per window."""

from __future__ import annotations

from privacam.cases.camera_setup import zones_of
from privacam.cases.counting import CLASS_IDS, CountingAnalyzer
from privacam.cases.detection import DetectorPlan
from privacam.cases.entry import CameraContext, CaseEntry, RunsAs
from privacam.policy.spec import Case, CountingSettings
from privacam.records import LineCount, ZoneOccupancy
from privacam.vision.geometry import CountingLine


def counting_plan(settings: CountingSettings) -> DetectorPlan:
    # NMS at IoU 0.3, not YOLOX's 0.45: a second box on one person makes a second track
    # and a double count (benchmarks/bench_counting.py).
    return DetectorPlan(
        classes=tuple(CLASS_IDS[name] for name in settings.classes),
        score_threshold=0.1,
        nms_iou=0.3,
        detect_fps=None if settings.detect_fps is None else float(settings.detect_fps),
    )


def counting_analyzer(context: CameraContext, settings: CountingSettings) -> CountingAnalyzer:
    camera = context.camera
    return CountingAnalyzer(
        camera.id,
        [CountingLine(ln.start, ln.end, name=ln.name) for ln in camera.lines],
        zones_of(camera),
        window=context.window,
        zone=context.zone,
        classes=settings.classes,
    )


COUNTING = CaseEntry(
    case=Case.counting,
    settings=CountingSettings,
    runs_as=RunsAs.stream,
    record_kinds=(LineCount, ZoneOccupancy),
    analyzer=counting_analyzer,
    detector_plan=counting_plan,
    window=lambda settings: settings.window,
)
