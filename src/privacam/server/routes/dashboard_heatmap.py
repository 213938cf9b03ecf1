"""``/dashboard/heatmap``: case ②'s flow heatmaps for any date range, on the floor plan.

The page shows the drawing (``/dashboard/heatmap.png``, the same query) inside an SVG
that adds the zones' outlines and labels, with the colour scale, the unit and the time
range beside it. Both routes honour the analyst's camera scope: a camera outside it is
403, and without a camera the sum covers the cameras in scope only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from privacam.records import HeatmapWindow
from privacam.server.access import Principal, allow, camera_in_scope
from privacam.server.context import ServerContext, get_context
from privacam.server.dashboard import render_dashboard, section
from privacam.server.date_range import RangeChoice, choose_range, requested_range
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
from privacam.store.window_range import newest_window_rows, windows_within

router = APIRouter()

VIEWERS = allow(*section("heatmap").roles)


@dataclass(frozen=True)
class HeatmapQuery:
    """A range of whole local days (the dashboard's range picker) and the cameras it covers
    (None: all)."""

    choice: RangeChoice
    camera: str | None
    cameras: frozenset[str] | None

    @property
    def start(self) -> datetime:
        return self.choice.period.start

    @property
    def end(self) -> datetime:
        return self.choice.period.end

    def query_string(self) -> str:
        period = self.choice.period
        values = {"from": period.first.isoformat(), "to": period.last.isoformat()}
        if self.camera:
            values["camera"] = self.camera
        return urlencode(values)


def heatmap_query(
    request: Request, context: ServerContext, who: Principal, camera: str | None
) -> HeatmapQuery:
    """The request's range and cameras. Without a range asked for, the week up to the newest
    stored window: heatmaps often arrive in batches (runs over recordings), not live."""
    spec = context.spec
    if camera:
        if camera not in {c.id for c in spec.cameras}:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"カメラ {camera} はありません / no camera {camera}"
            )
        camera_in_scope(who, camera)
    cameras = frozenset({camera}) if camera else who.cameras
    if any(request.query_params.get(name) for name in ("from", "to", "preset")):
        return HeatmapQuery(
            _within_the_calendar(requested_range(request, context), context), camera, cameras
        )
    newest = newest_window_rows(HeatmapWindow, context.store, cameras)
    now = context.clock()
    moment = max((w.window_end - timedelta(microseconds=1) for w in newest), default=now)
    choice = choose_range(min(moment, now), spec.timezone)
    if choice.period.last != now.astimezone(choice.period.zone).date():
        choice = replace(choice, preset=None)  # not "the last 7 days": the 7 up to the data
    return HeatmapQuery(choice, camera, cameras)


#: A day at either end of the calendar has no midnight after it (or before it) to compare with.
OUT_OF_CALENDAR = (
    "その日付は扱えません（1 年〜9998 年の範囲で指定してください）",
    "that date cannot be used: give one between the years 1 and 9998",
)


def _within_the_calendar(choice: RangeChoice, context: ServerContext) -> RangeChoice:
    """``choice``, or the default range with a message when its days overflow the calendar."""
    try:
        choice.period.start, choice.period.end  # noqa: B018  (computing them is the check)
    except OverflowError:
        default = choose_range(context.clock(), context.spec.timezone)
        return replace(default, error=" / ".join(OUT_OF_CALENDAR))
    return choice


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


@router.get("/dashboard/heatmap", response_class=HTMLResponse, include_in_schema=False)
def heatmap_page(
    request: Request,
    camera: str | None = None,
    who: Principal = VIEWERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    query = heatmap_query(request, context, who, camera)
    cameras = [c.id for c in context.spec.cameras if who.may_see_camera(c.id)]
    values: dict = {"choice": query.choice, "query": query, "range_cameras": cameras}
    try:
        heat = summed(context, query)
    except MixedGrids:
        values["problem"] = MIXED_GRIDS
        return render_dashboard(request, who, "heatmap", "dashboard/heatmap.html", values, 409)
    plan = load_floor_plan(context.loaded)
    canvas = canvas_for(plan, heat.shape if heat else None)
    height, width = canvas.base.shape[:2]
    values |= {
        "heat": heat,
        "canvas": canvas,
        "width": width,
        "height": height,
        "png_url": f"/dashboard/heatmap.png?{query.query_string()}",
        "zones": zone_outlines(context, query, canvas, plan),
        "stops": scale_stops(),
        "k": context.spec.publication.k,
        "cell_m": _cell_metres(plan, canvas),
    }
    status_code = 400 if query.choice.error else 200
    return render_dashboard(request, who, "heatmap", "dashboard/heatmap.html", values, status_code)


def _cell_metres(plan: FloorPlan | None, canvas: Canvas) -> float | None:
    if plan is None or not canvas.on_plan or plan.metres_per_unit is None:
        return None
    return round(canvas.cell_px / canvas.scale * plan.metres_per_unit, 2)


@router.get(
    "/dashboard/heatmap.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
    include_in_schema=False,
)
def heatmap_png(
    request: Request,
    camera: str | None = None,
    who: Principal = VIEWERS,
    context: ServerContext = Depends(get_context),
) -> Response:
    query = heatmap_query(request, context, who, camera)
    if query.choice.error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, query.choice.error)
    try:
        heat = summed(context, query)
    except MixedGrids:
        raise HTTPException(status.HTTP_409_CONFLICT, " / ".join(MIXED_GRIDS)) from None
    canvas = canvas_for(load_floor_plan(context.loaded), heat.shape if heat else None)
    image = draw_heatmap(canvas, heat)
    return Response(
        encode_png(image), media_type="image/png", headers={"Cache-Control": "private, no-store"}
    )
