"""``/dashboard/crowd``: case ⑥'s live icon map, refreshing itself, and the floor plan image.

The page holds the map fragment (``/dashboard/crowd/map``) in an element that
``static/dashboard/poll.js`` reloads every crowd interval. The map shows the latest
window of each camera in the caller's scope: an icon per person, moving and still drawn
differently, laid out in its area, with the area's congestion level.

Counts are not k-suppressed here: the crowd case's own output is an icon per person
(GUIDEBOOK §4 ⑥: crowding information shown as icons), and a count of people moving in
a concourse discloses no one. The public congestion page applies k on its own.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from privacam.records import CrowdInterval
from privacam.server.access import Principal, allow
from privacam.server.context import ServerContext, get_context
from privacam.server.crowd_view import WHOLE_VIEW, area_views, crowd_settings
from privacam.server.dashboard import render_dashboard, section
from privacam.server.floor_plan_view import load_floor_plan
from privacam.server.pages import render
from privacam.store.window_range import newest_window_rows

router = APIRouter()

VIEWERS = allow(*section("crowd").roles)
#: The page reloads the map at most this often, and at least every crowd interval.
MIN_POLL_SECONDS = 5


def _map_values(context: ServerContext, who: Principal) -> dict:
    spec = context.spec
    zone = ZoneInfo(spec.timezone)
    latest = newest_window_rows(CrowdInterval, context.store, who.cameras)
    plan = load_floor_plan(context.loaded)
    views = area_views(spec, latest, plan)
    newest = max((row.window_end for row in latest), default=None)
    settings = crowd_settings(spec)
    interval = settings.overwrite_interval.total_seconds()
    stale = newest is not None and (context.clock() - newest).total_seconds() > 3 * interval
    return {
        "rows": latest,
        "on_plan": [v for v in views if v.outline is not None],
        "boxed": [v for v in views if v.outline is None],
        "plan": plan,
        "plan_size": plan.size if plan is not None else None,
        "as_of": _local(newest, zone),
        "stale": stale,
        "thresholds": list(settings.congestion_thresholds),
        "zone": zone.key,
        "whole_view": WHOLE_VIEW,
        "labels": {z.name: z.label for c in spec.cameras for z in c.zones},
    }


def _local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return None if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


@router.get("/dashboard/crowd", response_class=HTMLResponse, include_in_schema=False)
def crowd_page(
    request: Request,
    who: Principal = VIEWERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    interval = crowd_settings(context.spec).overwrite_interval.total_seconds()
    values = _map_values(context, who)
    values["poll_seconds"] = max(MIN_POLL_SECONDS, round(interval))
    return render_dashboard(request, who, "crowd", "dashboard/crowd.html", values)


@router.get("/dashboard/crowd/map", response_class=HTMLResponse, include_in_schema=False)
def crowd_map(
    request: Request,
    who: Principal = VIEWERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    response = render(request, "dashboard/crowd_map.html", _map_values(context, who))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get(
    "/dashboard/floor-plan.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, 404: {}},
    include_in_schema=False,
)
def floor_plan_image(
    who: Principal = VIEWERS,
    context: ServerContext = Depends(get_context),
) -> Response:
    """The deployment's floor plan (the operator's drawing, never a camera image)."""
    plan = load_floor_plan(context.loaded)
    if plan is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            "平面図が設定されていないか読み込めません / no readable floor plan (site.floor_plan)",
        )
    return Response(plan.png(), media_type="image/png", headers={"Cache-Control": "private"})
