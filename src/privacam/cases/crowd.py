"""Case ⑥ station crowd: an icon map (latest only) and moving/still counts per area and interval.

Each frame, every detected person's feet (bottom-centre anchor) go onto the
floor through the camera's homography. A person is *moving* when their speed
over the last ``speed_window`` seconds exceeds ``still_speed`` metres per
second. Speed comes from the tracker's association when the person is tracked,
else from the nearest person about ``speed_window`` seconds earlier (both held
in memory only, for a second or two; no track id is stored anywhere, and
records carry counts only). When the floor plan's scale is unknown, speed is
measured in box heights and taken as 1.7 m per height.

The icon map is a 640 x 480 JPEG drawn with :mod:`privacam.vision.icons` on
the floor plan (or a blank canvas): one file per camera, overwritten atomically
at most every ``interval``, so only the latest one exists. Per interval and
area (each zone, and ``"all"`` for the whole view), a :class:`CrowdInterval`
gives the mean numbers of moving and still people over the interval's frames
(rounded) and the congestion level: how many thresholds the mean total reached.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import numpy as np

from privacam.cases.base import CaseOutputs, Observation
from privacam.cases.floor import FloorMap, PlanCoverage
from privacam.cases.windows import MAX_FRAME_GAP, RecordBatch, WindowClock, WindowedAnalyzer
from privacam.errors import InputError
from privacam.files import write_atomic
from privacam.records import CrowdInterval, Record, WindowFields
from privacam.vision.geometry import PolygonZone
from privacam.vision.icons import encode_jpeg
from privacam.vision.types import Detections

log = logging.getLogger(__name__)

ALL_AREAS = "all"
PERSON = 0
PERSON_HEIGHT_M = 1.7
ICON_MAP_CEILING = timedelta(seconds=60)  # GUIDEBOOK.md §6: overwritten every 60 s at most


@dataclass(frozen=True, slots=True)
class _Sample:
    t: float  # stream seconds
    floor: np.ndarray  # (N, 2) floor points
    image: np.ndarray  # (N, 2) image anchors
    heights: np.ndarray  # (N,) box heights, pixels


class MotionJudge:
    """Moving or still, from tracks where there are some and nearest neighbours elsewhere.

    >>> judge = MotionJudge(metres_per_unit=1.0)
    >>> for f in range(11):  # one person walking 1.2 m/s, one standing, 10 fps
    ...     floor = np.array([[1.2 * f / 10, 0.0], [5.0, 5.0]])
    ...     flags = judge.judge(f / 10, floor, floor * 100, np.array([170.0, 170.0]), [None, None])
    >>> flags.tolist()
    [True, False]
    """

    def __init__(
        self,
        *,
        metres_per_unit: float | None,
        still_speed: float = 0.4,
        speed_window: float = 1.0,
        min_span: float = 0.3,
    ) -> None:
        self.metres_per_unit = metres_per_unit
        self.still_speed = still_speed
        self.speed_window = speed_window
        self.min_span = min_span
        self._tracks: dict[int, deque[tuple[float, np.ndarray, np.ndarray, float]]] = {}
        self._frames: deque[_Sample] = deque()

    def reset(self) -> None:
        self._tracks.clear()
        self._frames.clear()

    def forget(self, tracker_id: int) -> None:
        self._tracks.pop(tracker_id, None)

    def _speed(self, dt: float, floor_step: np.ndarray, image_step: np.ndarray, height: float):
        if self.metres_per_unit is not None and np.isfinite(floor_step).all():
            return float(np.hypot(*floor_step)) * self.metres_per_unit / dt
        return float(np.hypot(*image_step)) / max(height, 1.0) * PERSON_HEIGHT_M / dt

    def judge(
        self,
        t: float,
        floor: np.ndarray,
        image: np.ndarray,
        heights: np.ndarray,
        tracker_ids: Sequence[int | None],
    ) -> np.ndarray:
        """``(N,)`` bool moving flags for this frame's people; remembers them for later frames."""
        n = len(floor)
        moving = np.zeros(n, dtype=bool)
        reference = self._reference_frame(t)
        for i in range(n):
            tid = tracker_ids[i]
            speed = None
            if tid is not None:
                history = self._tracks.setdefault(tid, deque())
                history.append((t, floor[i], image[i], float(heights[i])))
                while history and t - history[0][0] > self.speed_window:
                    history.popleft()
                t0, f0, i0, _ = history[0]
                if t - t0 >= self.min_span:
                    speed = self._speed(t - t0, floor[i] - f0, image[i] - i0, heights[i])
            if speed is None and reference is not None:
                speed = self._nearest_speed(reference, t, floor[i], image[i], heights[i])
            moving[i] = speed is not None and speed > self.still_speed
        self._frames.append(_Sample(t, floor, image, np.asarray(heights, dtype=np.float64)))
        while self._frames and t - self._frames[0].t > self.speed_window:
            self._frames.popleft()
        for tid in [k for k, h in self._tracks.items() if t - h[-1][0] > 2 * self.speed_window]:
            del self._tracks[tid]
        return moving

    def _reference_frame(self, t: float) -> _Sample | None:
        # The oldest remembered frame at least min_span old (and within the window).
        for sample in self._frames:
            if self.min_span <= t - sample.t <= self.speed_window:
                return sample
        return None

    def _nearest_speed(
        self, ref: _Sample, t: float, floor: np.ndarray, image: np.ndarray, height: float
    ) -> float | None:
        if len(ref.image) == 0:
            return None
        dt = t - ref.t
        # Nearest in image space, in units of box height: robust where the floor is far away.
        distance = np.hypot(*(ref.image - image).T) / max(height, 1.0)
        j = int(np.argmin(distance))
        return self._speed(dt, floor - ref.floor[j], image - ref.image[j], height)


class CrowdAnalyzer(WindowedAnalyzer):
    """Positions → icon map (latest only) and moving/still/congestion per area and interval."""

    needs_tracks = True

    def __init__(
        self,
        camera_id: str,
        zones: Sequence[PolygonZone],
        floor: FloorMap,
        outputs: CaseOutputs | None,
        *,
        interval: timedelta,
        zone: tzinfo,
        congestion_thresholds: Sequence[int] = (10, 30, 60),
        still_speed: float = 0.4,
        speed_window: float = 1.0,
        max_frame_gap: timedelta | None = MAX_FRAME_GAP,
    ) -> None:
        if interval > ICON_MAP_CEILING or interval.total_seconds() <= 0:
            raise InputError(
                f"crowd overwrite_interval {interval} is outside (0 s, 60 s]; the icon map is "
                "overwritten at least every 60 s (GUIDEBOOK §6)"
            )
        if any(z.name == ALL_AREAS for z in zones):
            raise InputError(f"zone name {ALL_AREAS!r} is reserved for the whole view; rename it")
        thresholds = sorted(int(v) for v in congestion_thresholds)
        if any(v <= 0 for v in thresholds):
            raise InputError(f"congestion thresholds must be positive counts, got {thresholds}")
        self.zones = list(zones)
        self.floor = floor
        self.outputs = outputs
        self.interval = interval
        self.thresholds = thresholds
        self.judge = MotionJudge(
            metres_per_unit=floor.metres_per_unit,
            still_speed=still_speed,
            speed_window=speed_window,
        )
        super().__init__(camera_id, WindowClock(interval, zone, max_frame_gap=max_frame_gap))
        self._last_written: datetime | None = None
        self._latest: tuple[np.ndarray, np.ndarray] | None = None  # floor points, moving flags
        #: People placed on and off the plan over the whole run (reported at its end).
        self.plan_coverage = PlanCoverage()
        self._reset_window()

    @property
    def icon_map_path(self) -> Path | None:
        if self.outputs is None:
            return None
        return Path(self.outputs.directory) / f"icon_map_{self.camera_id}.jpg"

    def _reset_window(self) -> None:
        n = len(self.zones) + 1
        self._moving_sum = np.zeros(n)
        self._still_sum = np.zeros(n)
        self._frames = 0

    # -- the CaseAnalyzer protocol ------------------------------------------------------------

    def observe(self, observation: Observation) -> RecordBatch:
        now = observation.captured_at
        done = self._clock.advance(now)
        if self._clock.gapped:
            self.judge.reset()
        batch = self._flush(done)
        people = observation.detections
        if len(people):
            people = people[people.class_ids == PERSON]
        ids = _tracker_ids_of(people, observation.tracks)
        if observation.tracks is not None:
            for event in observation.tracks.of_kind("ended"):
                self.judge.forget(event.tracker_id)
        anchors = people.anchors("bottom_center")
        floor = self.floor.to_floor(anchors)
        self.plan_coverage.add(self.floor.on_plan(floor))
        heights = people.xyxy[:, 3] - people.xyxy[:, 1]
        moving = self.judge.judge(observation.timestamp, floor, anchors, heights, ids)
        self._count(anchors, moving)
        self._latest = (floor, moving)
        if self._last_written is None or now - self._last_written >= self.interval:
            self._write_icon_map()
            self._last_written = now
        return batch

    def gap(self, start: datetime, end: datetime) -> RecordBatch:
        self.judge.reset()
        return self._flush(self._clock.gap(start, end))

    def close(self, at: datetime, *, keep: bool) -> RecordBatch:
        self.judge.reset()
        batch = self._flush(self._clock.close(at, keep=keep))
        self._reset_window()
        return batch

    # -- internals -----------------------------------------------------------------------------

    def _count(self, anchors: np.ndarray, moving: np.ndarray) -> None:
        self._frames += 1
        self._moving_sum[0] += int(np.count_nonzero(moving))
        self._still_sum[0] += int(np.count_nonzero(~moving))
        for k, zone in enumerate(self.zones, start=1):
            inside = zone.contains(anchors) if len(anchors) else np.zeros(0, dtype=bool)
            self._moving_sum[k] += int(np.count_nonzero(moving & inside))
            self._still_sum[k] += int(np.count_nonzero(~moving & inside))

    def congestion_level(self, people: float) -> int:
        """How many thresholds ``people`` reaches (0 = calm): with (10, 30, 60), 35 gives 2."""
        # A plain int: ``people`` is a numpy mean, and a numpy integer reached the store as
        # an 8-byte blob.
        return int(sum(people >= t for t in self.thresholds))

    def _write_icon_map(self) -> None:
        path = self.icon_map_path
        if path is None or self._latest is None:
            return
        floor, moving = self._latest
        image = self.floor.icon_map.render(floor, moving=moving)
        write_atomic(path, encode_jpeg(image))

    def _records(self, window: WindowFields) -> list[Record]:
        frames = max(self._frames, 1)
        records: list[Record] = []
        for k, name in enumerate([ALL_AREAS, *(z.name for z in self.zones)]):
            moving = self._moving_sum[k] / frames
            still = self._still_sum[k] / frames
            records.append(
                CrowdInterval(
                    **window,
                    area=name,
                    moving=round(moving),
                    still=round(still),
                    congestion_level=self.congestion_level(moving + still),
                )
            )
        return records


def _tracker_ids_of(people: Detections, tracks) -> list[int | None]:
    """The tracker id of each person box, where the tracker matched it this frame."""
    ids: list[int | None] = [None] * len(people)
    if tracks is None or len(tracks.tracked) == 0 or len(people) == 0:
        return ids
    by_box = {
        tuple(box.tolist()): int(tid)
        for box, tid in zip(tracks.tracked.xyxy, tracks.tracked.tracker_id, strict=True)
    }
    for i, box in enumerate(people.xyxy):
        ids[i] = by_box.get(tuple(box.tolist()))
    return ids
