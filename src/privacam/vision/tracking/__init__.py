"""Multi-object tracking: per-class ByteTrack, lifecycle events, MOTA/IDF1 metrics."""

from privacam.vision.tracking.bytetrack import ByteTrackConfig, ByteTracker
from privacam.vision.tracking.events import (
    TrackEvent,
    TrackEventKind,
    TrackObservation,
    TrackUpdate,
)

__all__ = [
    "ByteTrackConfig",
    "ByteTracker",
    "TrackEvent",
    "TrackEventKind",
    "TrackObservation",
    "TrackUpdate",
]
