"""``/dashboard/heatmap``: case ②'s flow heatmaps for any date range, on the floor plan.

The page shows the drawing (``/dashboard/heatmap.png``, the same query) inside an SVG
that adds the zones' outlines and labels, with the colour scale, the unit and the time
range beside it. Both routes honour the analyst's camera scope: a camera outside it is
403, and without a camera the sum covers the cameras in scope only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, Response

from privacam.records import HeatmapWindow
from privacam.server.access import Principal, Role, allow, camera_in_scope
from privacam.server.context import ServerContext, get_context
from privacam.server.floor_plan_view import FloorPlan, load_floor_plan, zone_on_plan
from privacam.server.heatmap_view import (
    Canvas,
    HeatmapSum,
    MixedGrids,
    canvas_for,
    draw_heatmap,
    encode_png,
    scale_stops,
    sum_heatmaps,
)
from privacam.server.pages import render
from privacam.store.window_range import latest_windows, windows_within

router = APIRouter()

VIEWERS = (Role.ADMIN, Role.ANALYST, Role.PRIVACY_OFFICER)
#: The range shown when the page is opened without one: the week up to the newest window.
DEFAULT_DAYS = 7


@dataclass(frozen=True)
class HeatmapQuery:
    """A date range (local days, both included) and the cameras it covers (None: all)."""

    first: date
    last: date
    camera: str | None
    cameras: frozenset[str] | None
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), self.zone)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), self.zone)

    def query_string(self) -> str:
        values = {"from": self.first.isoformat(), "to": self.last.isoformat()}
        if self.camera:
            values["camera"] = self.camera
        return urlencode(values)


def heatmap_query(
    context: ServerContext,
    who: Principal,
    first: date | None,
    last: date | None,
    camera: str | None,
) -> HeatmapQuery:
    """The request's range and cameras; the default range ends on the newest stored window."""
    spec = context.spec
    zone = ZoneInfo(spec.timezone)
    if camera:
        if camera not in {c.id for c in spec.cameras}:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"カメラ {camera} はありません / no camera {camera}"
            )
        camera_in_scope(who, camera)
    cameras = frozenset({camera}) if camera else who.cameras
    if last is None:
        newest = latest_windows(HeatmapWindow, context.store, cameras)
        moment = max((w.window_end for w in newest), default=context.clock())
        last = (moment - timedelta(microseconds=1)).astimezone(zone).date()
    if first is None:
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        first, last = last, first
    return HeatmapQuery(first, last, camera, cameras, zone)


#: Why a range's grids cannot be summed, as the page and the PNG route say it.
MIXED_GRIDS = (
    "カメラごとにヒートマップの格子が異なります（共通の平面図がありません）。カメラを 1 台"
    "選んでください",
    "The cameras' heatmap grids differ (they share no floor plan): choose one camera.",
)


def summed(context: ServerContext, query: HeatmapQuery) -> HeatmapSum | None:
    """The range's grids added up and k-suppressed; MixedGrids when they cannot be added."""
    windows = windows_within(HeatmapWindow, context.store, query.start, query.end, query.cameras)
    return sum_heatmaps(windows, context.spec.publication.k)


def zone_outlines(
    context: ServerContext, query: HeatmapQuery, canvas: Canvas, plan: FloorPlan | None
) -> list[dict]:
    """The zones of the cameras shown, in drawing pixels, with their labels."""
    if not canvas.on_plan or plan is None:
        return []
    outlines = []
    for camera in context.spec.cameras:
        if query.cameras is not None and camera.id not in query.cameras:
            continue
        for zone in camera.zones:
            corners = zone_on_plan(camera, list(zone.polygon), plan)
            if corners is None:
                continue
            corners = corners * canvas.scale
            centre = corners.mean(axis=0)
            outlines.append(
                {
                    "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in corners),
                    "x": f"{centre[0]:.1f}",
                    "y": f"{centre[1]:.1f}",
                    "label": zone.label,
                    "name": zone.name,
                    "camera": camera.id,
                }
            )
    return outlines


@router.get("/dashboard/heatmap", response_class=HTMLResponse, tags=["dashboard"])
def heatmap_page(
    request: Request,
    first: date | None = Query(None, alias="from"),
    last: date | None = Query(None, alias="to"),
    camera: str | None = None,
    who: Principal = allow(*VIEWERS),
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    query = heatmap_query(context, who, first, last, camera)
    cameras = [c.id for c in context.spec.cameras if who.may_see_camera(c.id)]
    try:
        heat = summed(context, query)
    except MixedGrids:
        values = {"query": query, "cameras": cameras, "problem": MIXED_GRIDS}
        return render(request, "dashboard/heatmap.html", values, status.HTTP_409_CONFLICT)
    plan = load_floor_plan(context.loaded)
    canvas = canvas_for(plan, heat.shape if heat else None)
    height, width = canvas.base.shape[:2]
    return render(
        request,
        "dashboard/heatmap.html",
        {
            "query": query,
            "heat": heat,
            "canvas": canvas,
            "width": width,
            "height": height,
            "png_url": f"/dashboard/heatmap.png?{query.query_string()}",
            "zones": zone_outlines(context, query, canvas, plan),
            "stops": scale_stops(),
            "k": context.spec.publication.k,
            "cell_m": _cell_metres(plan, canvas),
            "cameras": cameras,
        },
    )


def _cell_metres(plan: FloorPlan | None, canvas: Canvas) -> float | None:
    if plan is None or not canvas.on_plan or plan.metres_per_unit is None:
        return None
    return round(canvas.cell_px / canvas.scale * plan.metres_per_unit, 2)


@router.get(
    "/dashboard/heatmap.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
    tags=["dashboard"],
)
def heatmap_png(
    first: date | None = Query(None, alias="from"),
    last: date | None = Query(None, alias="to"),
    camera: str | None = None,
    who: Principal = allow(*VIEWERS),
    context: ServerContext = Depends(get_context),
) -> Response:
    query = heatmap_query(context, who, first, last, camera)
    try:
        heat = summed(context, query)
    except MixedGrids:
        raise HTTPException(status.HTTP_409_CONFLICT, " / ".join(MIXED_GRIDS)) from None
    canvas = canvas_for(load_floor_plan(context.loaded), heat.shape if heat else None)
    image = draw_heatmap(canvas, heat)
    return Response(
        encode_png(image), media_type="image/png", headers={"Cache-Control": "private, no-store"}
    )
