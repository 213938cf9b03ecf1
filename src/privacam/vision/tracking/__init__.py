"""Multi-object tracking: per-class ByteTrack, lifecycle events, line-crossing counts."""

from privacam.vision.tracking.bytetrack import ByteTrackConfig, ByteTracker
from privacam.vision.tracking.events import (
    TrackEvent,
    TrackEventKind,
    TrackObservation,
    TrackUpdate,
)
from privacam.vision.tracking.line_counter import LineCounter, LineCrossing
from privacam.vision.tracking.schedule import DetectionSchedule

__all__ = [
    "ByteTrackConfig",
    "ByteTracker",
    "DetectionSchedule",
    "LineCounter",
    "LineCrossing",
    "TrackEvent",
    "TrackEventKind",
    "TrackObservation",
    "TrackUpdate",
]
