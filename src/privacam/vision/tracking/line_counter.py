"""Directed crossings of counting lines, counted from the path of each track's anchor.

The lines are :class:`privacam.vision.geometry.CountingLine` (which side is
"in" is explained there); the counter lives here, beside the tracker, because
it follows each track's lifecycle (tentative history, lost, ended, re-born).

A crossing is counted when the straight path between a track's last anchor
that was clearly on one side and its current anchor, clearly on the other
side, intersects the segment. What this fixes, compared with a per-frame
side test (as in supervision's ``LineZone``):

1. **gaps**: each track's last anchor is remembered until the track ends, so a
   person unseen for many frames while crossing is still counted;
2. **re-born tracks**: a new track of the same class that appears near where
   a recently ended or vanished track was heading (within ``inherit_distance``
   box heights of its predicted anchor, within ``memory_seconds``) inherits
   its side, path and counted directions, so the crossing is counted once
   (and not again if the old id comes back);
3. **wobble**: the side changes only when the anchor leaves a band of
   ``band_width`` pixels centred on the line (hysteresis), and each
   (track, line, direction) counts at most once;
4. **late confirmation**: counting starts from a track's first observation,
   including the tentative history the tracker reports in its ``new`` event;
5. **born on the line**: a track first seen inside the band counts when its
   anchor leaves the band (direction: towards the side it leaves to). With
   ``birth_band`` > 0, a new track counts as born on the line anywhere within
   that many of its box heights of it, since a detector often first finds a
   person a step after they crossed (a person who stands there and then walks
   away is counted too: the price of this option).

>>> from privacam.vision.geometry import CountingLine
>>> line = CountingLine((0, 100), (200, 100), name="gate")
>>> counter = LineCounter([line])
>>> for f, y in enumerate([60, 80, 120, 140]):  # walking down: left to right of the line
...     d = Detections(xyxy=[[90, y - 50, 110, y]], scores=[0.9], class_ids=[0], tracker_id=[7])
...     crossings = counter.update(d, frame_index=f, timestamp=f / 25)
>>> counter.counts
{'gate': {'in': 1, 'out': 0}}
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from privacam.errors import InputError
from privacam.vision.geometry.lines import CountingLine, Direction
from privacam.vision.tracking.events import TrackEvent, TrackUpdate
from privacam.vision.types import Anchor, Detections

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LineCrossing:
    """One counted crossing: which line, which way, by which track, when and where."""

    line: str
    direction: Direction
    tracker_id: int
    class_id: int
    frame_index: int
    timestamp: float
    point: tuple[float, float]


@dataclass(slots=True)
class _LineState:
    side: int = 0  # last side the anchor was clearly on; 0 = not yet known
    origin: np.ndarray | None = None  # last anchor clearly on that side
    born_in_band: np.ndarray | None = None  # first anchor, if the track began inside the band


@dataclass(slots=True)
class _Path:
    class_id: int
    anchor: np.ndarray
    box_height: float
    frame_index: int
    timestamp: float
    counted: set[tuple[str, str]]  # (line, direction) already counted for this person
    lines: dict[str, _LineState] = field(default_factory=dict)
    ancestor: _Path | None = None  # the vanished track this one continues, if any
    velocity: np.ndarray = field(default_factory=lambda: np.zeros(2))  # pixels per second
    ended: bool = False
    has_heir: bool = False


class LineCounter:
    """Counts directed crossings of tracked detections over one or more lines.

    Feed it every processed frame with :meth:`update` (the tracked
    :class:`Detections`, ``tracker_id`` set, and the tracker's events) or with
    :meth:`update_tracks` (a :class:`TrackUpdate`). ``counts`` holds the
    totals; each call returns the crossings counted in that frame.
    """

    def __init__(
        self,
        lines: Iterable[CountingLine],
        *,
        anchor: Anchor = "bottom_center",
        memory_seconds: float = 2.0,
        inherit_distance: float = 0.5,
        forget_seconds: float = 60.0,
        birth_band: float = 0.0,
    ) -> None:
        self.lines = list(lines)
        names = [line.name for line in self.lines]
        if len(set(names)) != len(names):
            raise InputError(f"counting line names must be unique, got {names}")
        self.anchor: Anchor = anchor
        self.memory_seconds = memory_seconds
        self.inherit_distance = inherit_distance
        self.forget_seconds = forget_seconds
        #: Half-width, in box heights, of the band where a new track counts as born on a line.
        self.birth_band = birth_band
        self._paths: dict[int, _Path] = {}
        self._present: set[int] = set()
        self.counts: dict[str, dict[str, int]] = {n: {"in": 0, "out": 0} for n in names}
        self.counts_by_class: dict[str, dict[int, dict[str, int]]] = {n: {} for n in names}

    # -- feeding -------------------------------------------------------------------------------

    def update_tracks(self, update: TrackUpdate) -> list[LineCrossing]:
        return self.update(update.tracked, update.frame_index, update.timestamp, update.events)

    def update(
        self,
        detections: Detections,
        frame_index: int,
        timestamp: float,
        events: Sequence[TrackEvent] = (),
    ) -> list[LineCrossing]:
        """Observe one frame's tracked detections; ``events`` may carry ``new`` and ``ended``."""
        if len(detections) and detections.tracker_id is None:
            raise ValueError("LineCounter needs detections with tracker_id; run a tracker first")
        crossings: list[LineCrossing] = []
        # Tracks seen in this frame are nobody's ancestor, even before their turn in the loop.
        self._present = (
            set() if detections.tracker_id is None else set(detections.tracker_id.tolist())
        )
        # Tentative history first, so a crossing before confirmation is counted.
        for event in events:
            if event.kind == "new":
                for obs in event.history:
                    if obs.frame_index < frame_index:
                        crossings += self.observe(
                            event.tracker_id,
                            event.class_id,
                            _anchor_of(obs.xyxy, self.anchor),
                            obs.xyxy[3] - obs.xyxy[1],
                            obs.frame_index,
                            obs.timestamp,
                        )
        if len(detections):
            anchors = detections.anchors(self.anchor)
            heights = detections.xyxy[:, 3] - detections.xyxy[:, 1]
            for i, tid in enumerate(detections.tracker_id):  # type: ignore[arg-type]
                crossings += self.observe(
                    int(tid),
                    int(detections.class_ids[i]),
                    anchors[i],
                    float(heights[i]),
                    frame_index,
                    timestamp,
                )
        for event in events:
            if event.kind == "ended":
                self.end(event.tracker_id)
        self._forget(timestamp)
        return crossings

    def observe(
        self,
        tracker_id: int,
        class_id: int,
        anchor: Sequence[float] | np.ndarray,
        box_height: float,
        frame_index: int,
        timestamp: float,
    ) -> list[LineCrossing]:
        """One observed anchor of one track; returns the crossings it completes."""
        point = np.asarray(anchor, dtype=np.float64).reshape(2)
        path = self._paths.get(tracker_id)
        if path is not None and frame_index <= path.frame_index:
            return []  # already seen at this frame (history replayed twice)
        if path is None:
            path = self._start_path(tracker_id, class_id, point, box_height, timestamp)
            path.frame_index = frame_index
        else:
            dt = timestamp - path.timestamp
            if dt > 0:
                step = (point - path.anchor) / dt
                path.velocity = 0.5 * path.velocity + 0.5 * step if path.velocity.any() else step
            path.anchor, path.box_height = point, float(box_height)
            path.frame_index, path.timestamp = frame_index, timestamp
            path.ended = False
        crossings = []
        for line in self.lines:
            state = path.lines.setdefault(line.name, _LineState())
            direction = self._advance(line, state, point, path.box_height)
            if direction is None or (line.name, direction) in path.counted:
                continue
            # The heir's count is the ancestor's too: if the old id comes back, no second count.
            # (Not the other way: an ancestor that comes back was not the heir's person.)
            node: _Path | None = path
            while node is not None:
                node.counted.add((line.name, direction))
                node = node.ancestor
            self.counts[line.name][direction] += 1
            per_class = self.counts_by_class[line.name].setdefault(
                path.class_id, {"in": 0, "out": 0}
            )
            per_class[direction] += 1
            crossings.append(
                LineCrossing(
                    line.name,
                    direction,
                    tracker_id,
                    path.class_id,
                    frame_index,
                    timestamp,
                    (float(point[0]), float(point[1])),
                )
            )
        return crossings

    def end(self, tracker_id: int) -> None:
        """The tracker dropped this track: keep it briefly as a possible ancestor, then forget."""
        path = self._paths.get(tracker_id)
        if path is not None:
            path.ended = True

    # -- internals -----------------------------------------------------------------------------

    def _advance(
        self, line: CountingLine, state: _LineState, point: np.ndarray, box_height: float
    ) -> Direction | None:
        side = int(line.side(point)[0])
        # Not yet on a known side: a track first seen this close to the line (detectors
        # lag a person's first frames) is taken as born on it.
        if (
            side != 0
            and state.side == 0
            and abs(line.signed_distance(point)[0]) <= self.birth_band * box_height
        ):
            side = 0
        if side == 0:
            if state.side == 0 and state.born_in_band is None:
                state.born_in_band = point
            return None
        previous, origin, born = state.side, state.origin, state.born_in_band
        state.side, state.origin, state.born_in_band = side, point, None
        if previous == 0:
            # First clear side: counts only if the track was born on the segment (case 5).
            if born is not None and 0.0 <= line.along(born)[0] <= 1.0:
                return "in" if side > 0 else "out"
            return None
        if side == previous or origin is None or not line.path_crosses(origin, point):
            return None
        return "in" if side > 0 else "out"

    def _start_path(
        self, tracker_id: int, class_id: int, point: np.ndarray, box_height: float, ts: float
    ) -> _Path:
        ancestor = self._find_ancestor(class_id, point, ts)
        path = _Path(
            class_id=class_id,
            anchor=point,
            box_height=float(box_height),
            frame_index=-1,
            timestamp=ts,
            counted=set(ancestor.counted) if ancestor else set(),
            ancestor=ancestor,
        )
        if ancestor is not None:
            ancestor.has_heir = True
            path.lines = copy.deepcopy(ancestor.lines)
            path.velocity = ancestor.velocity.copy()
            log.debug("track %s inherits the line sides of a vanished track", tracker_id)
        self._paths[tracker_id] = path
        return path

    def _find_ancestor(self, class_id: int, point: np.ndarray, ts: float) -> _Path | None:
        best, best_distance = None, float("inf")
        for tid, path in self._paths.items():
            dt = ts - path.timestamp
            if path.class_id != class_id or path.has_heir or tid in self._present:
                continue
            if not 0 < dt <= self.memory_seconds:
                continue
            predicted = path.anchor + path.velocity * dt
            distance = float(np.hypot(*(point - predicted))) / max(path.box_height, 1.0)
            if distance <= self.inherit_distance and distance < best_distance:
                best, best_distance = path, distance
        return best

    def _forget(self, now: float) -> None:
        for tid in [
            tid
            for tid, p in self._paths.items()
            if (p.ended and now - p.timestamp > self.memory_seconds)
            or now - p.timestamp > self.forget_seconds
        ]:
            del self._paths[tid]


def _anchor_of(xyxy: Sequence[float], anchor: Anchor) -> np.ndarray:
    d = Detections(xyxy=np.asarray(xyxy, dtype=np.float32).reshape(1, 4), scores=[0], class_ids=[0])
    return d.anchors(anchor)[0]
