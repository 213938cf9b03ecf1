"""What every case analyser is: it turns what the vision layer saw into the few records its purpose needs.

A case never sees pixels. The runtime runs source → detector → tracker and hands the
case an :class:`Observation` per frame: boxes, tracks and times, never the image. So a
case cannot store a camera pixel even by mistake (DESIGN invariant 1); the only images
a case makes are drawn on the floor plan or a blank canvas (heatmaps, icon maps).

Windows are aligned to wall-clock time in the deployment's time zone (a 15-minute
window starts at :00, :15, :30, :45), and a record's ``window_start``/``window_end``
is the span actually observed within it: a stream that starts at 10:07 yields a first
window of 10:07–10:15, never a 10:00–10:15 window that pretends to have seen 10:00.
A gap in the frames (a camera outage) splits windows the same way, so an outage shows
as missing time, not as zero counts. When a stream stops, the runtime decides whether
the open window is kept (closed at the last frame) or dropped, and says which.

Each call returns a :class:`~privacam.cases.windows.RecordBatch`: the records and the
spans of the windows it completed, which the runtime stores together as one batch
with their coverage. The case's :class:`~privacam.cases.windows.WindowClock` is the
only clock of a run (see :mod:`privacam.cases.windows` for why the case holds it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from privacam.cases.windows import RecordBatch
from privacam.vision.faces.types import FaceReadings
from privacam.vision.tracking import TrackUpdate
from privacam.vision.types import Detections


@dataclass(frozen=True)
class Observation:
    """One frame as a case sees it: no pixels.

    ``captured_at`` is the frame's wall-clock capture time (timezone-aware): the
    live clock for streams, or the run's start time plus the frame's timestamp for
    files. ``tracks`` is ``None`` for cases that do not track. ``faces`` is what the
    face stage read (cases ① and ③ only; ``None`` elsewhere): qualities, estimates and
    features in memory, never a crop.
    """

    camera_id: str
    frame_index: int
    timestamp: float
    captured_at: datetime
    width: int
    height: int
    detections: Detections
    tracks: TrackUpdate | None
    faces: FaceReadings | None = None


@dataclass(frozen=True)
class CaseOutputs:
    """Where a case may write files that are not records: only floor-plan drawings.

    ``directory`` holds the latest icon map (⑥) and heatmap PNGs (②). Files are
    written atomically (temp file + rename), so a reader never sees half an image.
    """

    directory: Path


class CaseAnalyzer(Protocol):
    """The interface the runtime drives; one analyser per camera."""

    #: Whether the runtime must run the tracker for this case.
    needs_tracks: bool

    @property
    def open_since(self) -> datetime | None:
        """Where the observed span of the open window starts; ``None`` when none is open."""
        ...

    def observe(self, observation: Observation) -> RecordBatch:
        """Take one frame; return the records and spans of any window this frame completed."""
        ...

    def gap(self, start: datetime, end: datetime) -> RecordBatch:
        """The camera saw nothing from ``start`` to ``end`` (an outage): close the open
        window at ``start`` and return its records; the next window begins at ``end``."""
        ...

    def close(self, at: datetime, *, keep: bool) -> RecordBatch:
        """The stream stopped at ``at`` (its last frame). With ``keep`` the open window is
        closed at ``at`` and its records returned; otherwise it is dropped."""
        ...
