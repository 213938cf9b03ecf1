"""``GET /dashboard/transitions`` (case ②'s zone-to-zone moves as a from→to matrix) and
``GET /dashboard/repeat`` (case ③'s visits, repeat visits and new visitors per day).

Both read window statistics only: never a trajectory, a visit or a visitor id. An analyst
scoped to some cameras sees only theirs.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from privacam.policy.spec import Deployment
from privacam.server.access import Principal, allow
from privacam.server.context import ServerContext, get_context
from privacam.server.dashboard import render_dashboard, section
from privacam.server.date_range import requested_range
from privacam.server.pages import page_language
from privacam.store.series import repeat_statistics
from privacam.store.transitions import zone_transition_matrices

router = APIRouter()

TRANSITION_READERS = allow(*section("transitions").roles)
REPEAT_READERS = allow(*section("repeat").roles)


def zone_labels(spec: Deployment, camera_id: str, lang: str) -> dict[str, str]:
    """Zone id -> the name the deployment gives it (the id where it gives none)."""
    for camera in spec.cameras:
        if camera.id == camera_id:
            return {z.name: z.label.get(lang) if z.label else z.name for z in camera.zones}
    return {}


@router.get("/dashboard/transitions", response_class=HTMLResponse, include_in_schema=False)
def transitions_page(
    request: Request,
    who: Principal = TRANSITION_READERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    choice = requested_range(request, context)
    matrices = zone_transition_matrices(context.store, choice.period, cameras=who.cameras)
    lang = page_language(request)
    labels = {m.camera_id: zone_labels(context.spec, m.camera_id, lang) for m in matrices}
    return render_dashboard(
        request,
        who,
        "transitions",
        "dashboard/transitions.html",
        {"choice": choice, "matrices": matrices, "labels": labels},
        status_code=400 if choice.error else 200,
    )


@router.get("/dashboard/repeat", response_class=HTMLResponse, include_in_schema=False)
def repeat_page(
    request: Request,
    who: Principal = REPEAT_READERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    choice = requested_range(request, context)
    buckets, stores = repeat_statistics(context.store, choice.period, "day", cameras=who.cameras)
    ja = page_language(request) == "ja"
    names = ("来店数", "再来店", "新規") if ja else ("Visits", "Repeat visits", "New visitors")
    charts: list[dict[str, Any]] = [
        {
            "title": s.store_id,
            "series": [
                {"label": name, "values": list(values)}
                for name, values in zip(
                    names, (s.visits, s.repeat_visits, s.new_visitors), strict=True
                )
            ],
        }
        for s in stores
    ]
    chart_data = {
        "timezone": choice.period.timezone,
        "unit": "day",
        "timeLabel": "日付" if ja else "Date",
        "x": [int(bucket.timestamp()) for bucket in buckets],
        "charts": charts,
    }
    return render_dashboard(
        request,
        who,
        "repeat",
        "dashboard/repeat.html",
        {"choice": choice, "buckets": buckets, "stores": stores, "chart_data": chart_data},
        status_code=400 if choice.error else 200,
    )
