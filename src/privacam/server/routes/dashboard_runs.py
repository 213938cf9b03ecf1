"""``GET /dashboard/runs``: the runs over a date range (start, end, status, frames) and the
coverage gaps of each camera, with the outages recorded in them.

A gap is time no run observed the camera: the charts show it as "no data", and this page
says why where the run recorded a reason. Gaps are looked for up to now, not in the
future. An analyst scoped to some cameras sees their runs and gaps only.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from privacam.server.access import Principal, allow
from privacam.server.context import ServerContext, get_context
from privacam.server.dashboard import render_dashboard, section
from privacam.server.date_range import requested_range
from privacam.store.run_history import outage_gaps, runs_between

router = APIRouter()

READERS = allow(*section("runs").roles)

#: Run status -> (ja, en).
STATUS_LABELS = {
    "running": ("実行中", "running"),
    "completed": ("完了", "completed"),
    "interrupted": ("中断", "interrupted"),
    "failed": ("失敗", "failed"),
}


@router.get("/dashboard/runs", response_class=HTMLResponse, include_in_schema=False)
def runs_page(
    request: Request,
    who: Principal = READERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    choice = requested_range(request, context)
    period = choice.period
    runs = runs_between(context.store, period.start, period.end, cameras=who.cameras)
    cameras = [c.id for c in context.spec.cameras if who.may_see_camera(c.id)]
    until = min(period.end, context.clock())
    gaps = outage_gaps(context.store, cameras, period.start, until) if until > period.start else []
    return render_dashboard(
        request,
        who,
        "runs",
        "dashboard/runs.html",
        {
            "choice": choice,
            "runs": runs,
            "gaps": gaps,
            "zone": period.zone,
            "status_labels": STATUS_LABELS,
            "show_source": who.cameras is None,
        },
        status_code=400 if choice.error else 200,
    )
