"""Case ⑥'s latest window as an icon map: one icon per person, moving and still apart.

The crowd case keeps counts only (:class:`~privacam.records.CrowdInterval`: the mean
numbers of moving and still people per area over the interval, and its congestion
level); no position is stored. So the icons are laid out evenly inside each area: a
zone projected onto the floor plan through its camera's ``floor_points``, or, where it
has no place on the plan (no plan, no floor points, or the whole view), a box on a blank
canvas. People of the whole view (``"all"``) outside every zone get a box of their own.
Nothing here is a position anyone was seen at, and nothing is drawn on a camera frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Camera, CrowdSettings, Deployment
from privacam.records import CrowdInterval
from privacam.server.floor_plan_view import FloorPlan, zone_on_plan

#: The crowd case's name for the whole view (privacam.cases.crowd.ALL_AREAS).
WHOLE_VIEW = "all"
#: Icons drawn per area at most; the rest are written as "+N".
MAX_ICONS = 60
#: The side of a blank-canvas box, in its own units.
BOX = 100.0
#: An icon on the plan is at most 1/14 of the plan's height.
PLAN_ICONS_PER_HEIGHT = 14


@dataclass(frozen=True)
class Icon:
    x: float
    y: float
    moving: bool


@dataclass
class AreaView:
    """One area of one camera in the latest window, and where its icons go."""

    camera: str
    area: str
    label: LocalizedText | None
    moving: int
    still: int
    level: int
    #: The area's outline in plan pixels; None: drawn in a box on a blank canvas.
    outline: np.ndarray | None = None
    icons: list[Icon] = field(default_factory=list)
    icon_size: float = 0.0
    #: People counted but not drawn (more than MAX_ICONS).
    hidden: int = 0

    @property
    def people(self) -> int:
        return self.moving + self.still

    @property
    def points(self) -> str:
        assert self.outline is not None
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.outline)

    @property
    def centre(self) -> tuple[float, float]:
        assert self.outline is not None
        x, y = self.outline.mean(axis=0)
        return float(x), float(y)


def crowd_settings(spec: Deployment) -> CrowdSettings:
    return spec.case_settings.crowd or CrowdSettings()


def inside(polygon: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``(N,)`` whether each point lies inside ``polygon`` (even-odd rule)."""
    x, y = points[:, 0], points[:, 1]
    result = np.zeros(len(points), dtype=bool)
    for (x0, y0), (x1, y1) in zip(polygon, np.roll(polygon, -1, axis=0), strict=True):
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        result ^= crosses & (x < at)
    return result


def spread(polygon: np.ndarray, n: int) -> tuple[np.ndarray, float]:
    """``n`` points spread evenly inside ``polygon`` on a square grid, and the grid step."""
    if n <= 0:
        return np.zeros((0, 2)), 0.0
    lo, hi = polygon.min(axis=0), polygon.max(axis=0)
    width, height = max(hi[0] - lo[0], 1e-6), max(hi[1] - lo[1], 1e-6)
    step = math.sqrt(width * height / n)
    candidates = np.zeros((0, 2))
    for _ in range(24):  # shrink the step until the polygon holds n grid points
        xs = np.arange(lo[0] + step / 2, hi[0], step)
        ys = np.arange(lo[1] + step / 2, hi[1], step)
        grid = np.array([(gx, gy) for gy in ys for gx in xs]).reshape(-1, 2)
        candidates = grid[inside(polygon, grid)] if len(grid) else grid
        if len(candidates) >= n:
            break
        step *= 0.8
    if len(candidates) == 0:
        candidates = polygon.mean(axis=0, keepdims=True)
    chosen = np.linspace(0, len(candidates) - 1, min(n, len(candidates))).round().astype(int)
    return candidates[chosen], step


def place_icons(view: AreaView, polygon: np.ndarray, tallest: float) -> None:
    """Lay the area's icons out inside ``polygon``, moving ones first, then still ones, each
    at most ``tallest`` high."""
    shown = min(view.people, MAX_ICONS)
    view.hidden = view.people - shown
    moving_shown = min(view.moving, shown)
    points, step = spread(polygon, shown)
    view.icons = [Icon(float(x), float(y), i < moving_shown) for i, (x, y) in enumerate(points)]
    view.icon_size = max(min(step * 0.9, tallest), tallest / 6)


def area_views(
    spec: Deployment, latest: list[CrowdInterval], plan: FloorPlan | None
) -> list[AreaView]:
    """The latest window's areas, each with its icons placed on the plan or in a box."""
    cameras = {c.id: c for c in spec.cameras}
    by_camera: dict[str, list[CrowdInterval]] = {}
    for row in latest:
        by_camera.setdefault(row.camera_id, []).append(row)
    views = []
    for camera_id, rows in sorted(by_camera.items()):
        views += _camera_views(cameras.get(camera_id), camera_id, rows, plan)
    return views


def _camera_views(
    camera: Camera | None, camera_id: str, rows: list[CrowdInterval], plan: FloorPlan | None
) -> list[AreaView]:
    zones = {z.name: z for z in camera.zones} if camera is not None else {}
    views = []
    whole = next((r for r in rows if r.area == WHOLE_VIEW), None)
    for row in rows:
        if row.area == WHOLE_VIEW:
            continue
        zone = zones.get(row.area)
        view = AreaView(
            camera_id,
            row.area,
            zone.label if zone else None,
            row.moving,
            row.still,
            row.congestion_level,
        )
        outline = None
        if plan is not None and zone is not None and camera is not None:
            outline = zone_on_plan(camera, list(zone.polygon), plan)
        view.outline = outline
        if outline is not None and plan is not None:
            place_icons(view, outline, plan.size[1] / PLAN_ICONS_PER_HEIGHT)
        else:
            place_icons(view, _box(), BOX / 4)
        views.append(view)
    if whole is not None:
        # The whole view's people outside every zone (zones may overlap, and the counts are
        # rounded means: never below zero).
        moving = max(0, whole.moving - sum(v.moving for v in views))
        still = max(0, whole.still - sum(v.still for v in views))
        rest = AreaView(camera_id, WHOLE_VIEW, None, moving, still, whole.congestion_level)
        place_icons(rest, _box(), BOX / 4)
        views.append(rest)
    return views


def _box() -> np.ndarray:
    return np.array([[0, 0], [BOX, 0], [BOX, BOX], [0, BOX]], dtype=np.float64)
