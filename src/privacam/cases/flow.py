"""Case ② flow lines: per-visit trajectories, dwell and zone transitions, and heatmaps.

A *visit* is one track of one person. It gets a random id (:func:`new_visit_id`)
when its track starts and ends when the track ends or has not been seen for
``visit_timeout``; nothing links two visits, so a person who leaves and comes
back is two unrelated visits. At its end a visit becomes one :class:`Trajectory`
(personal data: the image and floor paths, dwell per zone, zone-to-zone moves).

Per window the analyser emits statistics only: :class:`FlowWindow` per zone
(and ``"all"`` for the whole view: visits seen and their time), one
:class:`ZoneTransitionCount` per observed move, and a :class:`HeatmapWindow`: a
grid on the floor plan counting the *distinct visits* that passed each cell
(so k-suppression of a cell means what it says). The heatmap is also drawn as
a PNG on the floor plan (or a blank canvas), never on a frame.

Dwell: the time between two consecutive observations of a visit counts for the
zones its first point was in. Transitions use the first listed zone containing
the anchor, ignore stretches outside every zone, and need ``min_stay`` seconds
in the new zone, so a person on a border does not flicker between two zones.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import cv2
import numpy as np

from privacam.cases.base import CaseOutputs, Observation
from privacam.cases.floor import FloorMap, PlanCoverage, encode_png, within
from privacam.cases.windows import MAX_FRAME_GAP, RecordBatch, WindowClock, WindowedAnalyzer
from privacam.files import write_atomic
from privacam.policy.floor_grid import grid_shape, heatmap_cell
from privacam.records import (
    FlowWindow,
    HeatmapWindow,
    Record,
    TimedPoint,
    Trajectory,
    Transition,
    WindowFields,
    ZoneTransitionCount,
    new_visit_id,
)
from privacam.vision.geometry import FloorHomography, PolygonZone
from privacam.vision.icons import IconMap

log = logging.getLogger(__name__)

ALL_ZONES = "all"
PERSON = 0


@dataclass(slots=True)
class _Visit:
    visit_id: str
    started_at: datetime
    last_seen: datetime
    image_points: list[TimedPoint] = field(default_factory=list)
    floor_points: list[TimedPoint] = field(default_factory=list)
    dwell: dict[str, float] = field(default_factory=dict)
    transitions: list[Transition] = field(default_factory=list)
    zones_here: tuple[str, ...] = ()  # zones containing the latest point
    zone: str | None = None  # settled primary zone (None: outside every zone)
    last_named: str | None = None  # the last zone settled in
    candidate: str | None = None
    candidate_since: float = 0.0
    last_image: np.ndarray | None = None
    last_floor: np.ndarray | None = None
    last_sample: float = -math.inf
    # What this visit already counted in the open window (cleared when it closes).
    window_zones: set[str] = field(default_factory=set)
    window_cells: set[tuple[int, int]] = field(default_factory=set)


class HeatmapGrid:
    """A rows x cols grid over the floor bounds, ``cell`` floor units square."""

    def __init__(self, bounds: tuple[float, float, float, float], cell: float) -> None:
        x0, y0, _, _ = bounds
        self.bounds = bounds
        self.origin = np.array([x0, y0])
        # The dashboard draws stored grids with the same geometry (privacam.policy.floor_grid).
        self.cell = heatmap_cell(bounds, None, cell)
        self.rows, self.cols = grid_shape(bounds, self.cell)

    def cells_on_path(self, p: np.ndarray | None, q: np.ndarray) -> set[tuple[int, int]]:
        """Cells touched by the straight path ``p`` → ``q`` (just ``q``'s cell without ``p``)."""
        if not np.isfinite(q).all():
            return set()
        if p is None or not np.isfinite(p).all():
            points = q[None]
        else:
            steps = max(1, math.ceil(float(np.hypot(*(q - p))) / (self.cell / 2)))
            points = p + (q - p) * np.linspace(0, 1, steps + 1)[:, None]
        points = points[within(points, self.bounds)]
        # A point on the far edge of the plan belongs to the last cell, not past it.
        idx = np.floor((points - self.origin) / self.cell).astype(np.int64)
        idx = np.minimum(idx, [self.cols - 1, self.rows - 1])
        return {(int(r), int(c)) for c, r in idx}


def draw_heatmap(floor: FloorMap, grid: HeatmapGrid, counts: np.ndarray) -> np.ndarray:
    """The grid's counts as coloured cells over the floor plan (or blank canvas), 640 x 480.

    Built only from the plan and drawn rectangles, never from a camera frame.
    """
    canvas = floor.canvas
    peak = int(counts.max()) if counts.size else 0
    if peak == 0:
        return canvas
    overlay = canvas.copy()
    mask = np.zeros(canvas.shape[:2], dtype=bool)
    levels = np.clip(counts / peak * 255, 1, 255).astype(np.uint8)
    colours = cv2.applyColorMap(levels.reshape(-1, 1), cv2.COLORMAP_JET).reshape(*counts.shape, 3)
    for r, c in zip(*np.nonzero(counts), strict=True):
        corners = grid.origin + grid.cell * np.array([[c, r], [c + 1, r + 1]], dtype=np.float64)
        (x0, y0), (x1, y1) = np.round(floor.icon_map.to_canvas(corners)).astype(int)
        colour = tuple(int(v) for v in colours[r, c])
        cv2.rectangle(overlay, (x0, y0), (x1 - 1, y1 - 1), colour, -1, cv2.LINE_8)
        mask[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = True
    blended = cv2.addWeighted(overlay, 0.6, canvas, 0.4, 0)
    canvas[mask] = blended[mask]
    return canvas


class FlowAnalyzer(WindowedAnalyzer):
    """Visits → trajectories, dwell and transitions; windows → flow statistics and heatmaps."""

    needs_tracks = True

    def __init__(
        self,
        camera_id: str,
        zones: Sequence[PolygonZone],
        floor: FloorMap | None,
        outputs: CaseOutputs | None,
        *,
        window: timedelta,
        zone: tzinfo,
        visit_timeout: timedelta = timedelta(seconds=60),
        min_stay: float = 0.5,
        sample_interval: float = 0.2,
        heatmap_cell: float | None = None,
        max_frame_gap: timedelta | None = MAX_FRAME_GAP,
    ) -> None:
        if any(z.name == ALL_ZONES for z in zones):
            raise ValueError(f"zone name {ALL_ZONES!r} is reserved for the whole view")
        self.zones = list(zones)
        self.floor = floor
        self.outputs = outputs
        self.visit_timeout = visit_timeout
        self.min_stay = float(min_stay)
        self.sample_interval = float(sample_interval)
        self.heatmap_cell = heatmap_cell
        self.tz = zone
        super().__init__(camera_id, WindowClock(window, zone, max_frame_gap=max_frame_gap))
        self._visits: dict[int, _Visit] = {}
        self.grid: HeatmapGrid | None = None
        self._floor_is_real = floor is not None
        #: Positions on and off the plan over the whole run (reported at its end).
        self.plan_coverage = PlanCoverage()
        self.heatmap_paths: list[Path] = []
        if floor is not None:
            self._make_grid(floor)
        self._reset_window()

    def _make_grid(self, floor: FloorMap) -> None:
        cell = heatmap_cell(floor.floor_bounds, floor.metres_per_unit, self.heatmap_cell)
        self.grid = HeatmapGrid(floor.floor_bounds, cell)

    def _reset_window(self) -> None:
        self._zone_visits: Counter[str] = Counter()
        self._zone_dwell: Counter[str] = Counter()
        self._transitions: Counter[tuple[str, str]] = Counter()
        self._window_plan = PlanCoverage()
        if self.grid is not None:
            self._heat = np.zeros((self.grid.rows, self.grid.cols), dtype=np.int64)
        for visit in self._visits.values():
            visit.window_zones.clear()
            visit.window_cells.clear()

    # -- the CaseAnalyzer protocol ------------------------------------------------------------

    def observe(self, observation: Observation) -> RecordBatch:
        if observation.tracks is None:
            raise ValueError("the flow case needs tracks; run the tracker (needs_tracks)")
        if self.floor is None:
            self._image_floor(observation.width, observation.height)
        now = observation.captured_at
        done = self._clock.advance(now)
        records: list[Record] = self._end_all() if self._clock.gapped else []
        windows = self._flush(done)
        records += windows.records
        update = observation.tracks

        def wall(ts: float) -> datetime:
            return now - timedelta(seconds=observation.timestamp - ts)

        for event in update.events:
            if event.kind == "new" and event.class_id == PERSON:
                if event.tracker_id in self._visits:  # an id reused (tracker reset): new person
                    records.append(self._end(event.tracker_id))
                visit = self._start(
                    event.tracker_id, wall(event.history[0].timestamp) if event.history else now
                )
                for obs in event.history:
                    if obs.frame_index < update.frame_index:
                        self._add_point(visit, wall(obs.timestamp), _bottom_centre(obs.xyxy))
        tracked = update.tracked
        if len(tracked):
            anchors = tracked.anchors("bottom_center")
            for i, tid in enumerate(tracked.tracker_id):  # type: ignore[arg-type]
                if int(tracked.class_ids[i]) != PERSON:
                    continue
                visit = self._visits.get(int(tid)) or self._start(int(tid), now)
                self._add_point(visit, now, anchors[i])
        for event in update.events:
            if event.kind == "ended" and event.tracker_id in self._visits:
                records.append(self._end(event.tracker_id))
        for tid in [t for t, v in self._visits.items() if now - v.last_seen > self.visit_timeout]:
            records.append(self._end(tid))
        return RecordBatch(records, windows.spans)

    def gap(self, start: datetime, end: datetime) -> RecordBatch:
        # A visit does not survive an outage: whoever is seen after it is a new visit.
        records = self._end_all()
        windows = self._flush(self._clock.gap(start, end))
        return RecordBatch(records + windows.records, windows.spans)

    def close(self, at: datetime, *, keep: bool) -> RecordBatch:
        # A dropped window drops its statistics; the visits it saw are finished visits, and
        # their trajectories are kept either way.
        records = self._end_all()
        windows = self._flush(self._clock.close(at, keep=keep))
        self._reset_window()
        return RecordBatch(records + windows.records, windows.spans)

    # -- visits --------------------------------------------------------------------------------

    def _start(self, tracker_id: int, at: datetime) -> _Visit:
        visit = _Visit(new_visit_id(), at, at)
        self._visits[tracker_id] = visit
        self._zone_visits[ALL_ZONES] += 1
        visit.window_zones.add(ALL_ZONES)
        return visit

    def _add_point(self, visit: _Visit, at: datetime, anchor: np.ndarray) -> None:
        if visit.image_points and at < visit.last_seen:
            return  # already past this time (history replayed)
        t = (at - visit.started_at).total_seconds()
        if ALL_ZONES not in visit.window_zones:
            visit.window_zones.add(ALL_ZONES)
            self._zone_visits[ALL_ZONES] += 1
        if visit.image_points:
            dt = (at - visit.last_seen).total_seconds()
            self._zone_dwell[ALL_ZONES] += dt
            for name in visit.zones_here:
                visit.dwell[name] = visit.dwell.get(name, 0.0) + dt
                self._zone_dwell[name] += dt
        visit.last_seen = at
        point = np.asarray(anchor, dtype=np.float64)
        here = tuple(z.name for z in self.zones if z.contains(point)[0])
        visit.zones_here = here
        for name in here:
            visit.dwell.setdefault(name, 0.0)
            if name not in visit.window_zones:
                visit.window_zones.add(name)
                self._zone_visits[name] += 1
        self._settle_zone(visit, here[0] if here else None, t)
        floor = self.floor.to_floor(point[None])[0] if self.floor is not None else point
        if self.floor is not None:
            on_plan = self.floor.on_plan(floor[None])
            self.plan_coverage.add(on_plan)
            self._window_plan.add(on_plan)
        if self.grid is not None:
            for cell in self.grid.cells_on_path(visit.last_floor, floor) - visit.window_cells:
                visit.window_cells.add(cell)
                self._heat[cell] += 1
        visit.last_image, visit.last_floor = point, floor
        if not visit.image_points or t - visit.last_sample >= self.sample_interval:
            self._sample(visit, t, point, floor)

    def _sample(self, visit: _Visit, t: float, point: np.ndarray, floor: np.ndarray) -> None:
        visit.last_sample = t
        visit.image_points.append(
            (round(t, 3), round(float(point[0]), 1), round(float(point[1]), 1))
        )
        if self._floor_is_real and np.isfinite(floor).all():
            visit.floor_points.append(
                (round(t, 3), round(float(floor[0]), 3), round(float(floor[1]), 3))
            )

    def _settle_zone(self, visit: _Visit, primary: str | None, t: float) -> None:
        if primary == visit.zone:
            visit.candidate = None
            return
        if primary != visit.candidate:
            visit.candidate, visit.candidate_since = primary, t
        if t - visit.candidate_since < self.min_stay and visit.image_points:
            return
        visit.zone, visit.candidate = primary, None
        if primary is None:
            return
        if visit.last_named is not None and visit.last_named != primary:
            visit.transitions.append((round(visit.candidate_since, 3), visit.last_named, primary))
            self._transitions[(visit.last_named, primary)] += 1
        visit.last_named = primary

    def _end(self, tracker_id: int) -> Trajectory:
        visit = self._visits.pop(tracker_id)
        last_t = (visit.last_seen - visit.started_at).total_seconds()
        if visit.image_points and visit.image_points[-1][0] < round(last_t, 3):
            # The last observed point, even if it came sooner than the sampling interval.
            self._sample(visit, last_t, visit.last_image, visit.last_floor)  # type: ignore[arg-type]
        return Trajectory(
            visit_id=visit.visit_id,
            camera_id=self.camera_id,
            started_at=visit.started_at,
            ended_at=visit.last_seen,
            image_points=tuple(visit.image_points),
            floor_points=tuple(visit.floor_points),
            dwell_s={k: round(v, 3) for k, v in visit.dwell.items()},
            transitions=tuple(visit.transitions),
        )

    def _end_all(self) -> list[Record]:
        return [self._end(tid) for tid in list(self._visits)]

    # -- windows -------------------------------------------------------------------------------

    def _image_floor(self, width: int, height: int) -> None:
        """No floor points: the heatmap grid lies over the image area, on a blank canvas."""
        bounds = (0.0, 0.0, float(width), float(height))
        self.floor = FloorMap(
            FloorHomography(np.eye(3)), IconMap(floor_bounds=bounds), bounds, None
        )
        self._floor_is_real = False
        self._make_grid(self.floor)
        self._heat = np.zeros((self.grid.rows, self.grid.cols), dtype=np.int64)  # type: ignore[union-attr]

    def _records(self, window: WindowFields) -> list[Record]:
        start = window["window_start"]
        out: list[Record] = []
        for name in [ALL_ZONES, *(z.name for z in self.zones)]:
            out.append(
                FlowWindow(
                    **window,
                    zone=name,
                    visits=self._zone_visits[name],
                    total_dwell_s=round(self._zone_dwell[name], 3),
                )
            )
        for (a, b), n in sorted(self._transitions.items()):
            out.append(
                ZoneTransitionCount(
                    **window,
                    from_zone=a,
                    to_zone=b,
                    count=n,
                )
            )
        if self.grid is not None and self._window_plan.off_plan and not self._window_plan.on_plan:
            # People were seen, but nowhere on the plan: a grid of zeros would say that
            # nobody was there. No heatmap is stored for this window: a gap, not zeros.
            log.warning(
                "%s: %s の時間帯は全員の位置が平面図の外でした。ヒートマップは保存しません"
                "（floor_points を確認してください） / window %s: every position fell outside "
                "the floor plan, so no heatmap is stored for it (check floor_points)",
                self.camera_id,
                start.astimezone(self.tz).isoformat(timespec="seconds"),
                start.astimezone(self.tz).isoformat(timespec="seconds"),
            )
        elif self.grid is not None:
            out.append(
                HeatmapWindow(
                    **window,
                    rows=self.grid.rows,
                    cols=self.grid.cols,
                    counts=tuple(tuple(int(v) for v in row) for row in self._heat),
                )
            )
            self._write_heatmap(start)
        return out

    def _write_heatmap(self, start: datetime) -> None:
        if self.outputs is None or self.floor is None or self.grid is None:
            return
        path = Path(self.outputs.directory) / heatmap_file_name(self.camera_id, start, self.tz)
        write_atomic(path, encode_png(draw_heatmap(self.floor, self.grid, self._heat)))
        self.heatmap_paths.append(path)


def heatmap_file_name(camera_id: str, window_start: datetime, zone: tzinfo) -> str:
    """The PNG name of one camera's heatmap window; ``privacam purge`` finds it by this name
    when the window's retention ends.

    >>> from datetime import UTC
    >>> from zoneinfo import ZoneInfo
    >>> heatmap_file_name("cam1", datetime(2026, 4, 1, 1, tzinfo=UTC), ZoneInfo("Asia/Tokyo"))
    'heatmap_cam1_20260401T100000+0900.png'
    """
    stamp = window_start.astimezone(zone).strftime("%Y%m%dT%H%M%S%z")
    return f"heatmap_{camera_id}_{stamp}.png"


def _bottom_centre(xyxy: Sequence[float]) -> np.ndarray:
    return np.array([(xyxy[0] + xyxy[2]) / 2, xyxy[3]], dtype=np.float64)
