"""``GET /dashboard/counts``: crossings per line, direction and class over a date range, as
charts (uPlot, drawn by ``static/dashboard.js`` from a JSON block) and as tables.

The tables are the same numbers for screen readers and for a browser without JavaScript;
a bucket with no stored window shows "—" (no data), never 0. An analyst scoped to some
cameras sees only their lines.
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
from privacam.store.series import CountSeries, CountTable, line_count_series

router = APIRouter()

READERS = allow(*section("counts").roles)


def line_label(spec: Deployment, camera_id: str, line: str, lang: str) -> str:
    """``camera · line label`` as the deployment names it (its id when it has no label)."""
    for camera in spec.cameras:
        if camera.id == camera_id:
            for candidate in camera.lines:
                if candidate.name == line and candidate.label is not None:
                    return f"{camera_id} · {candidate.label.get(lang)}"
    return f"{camera_id} · {line}"


def count_charts(table: CountTable, spec: Deployment, lang: str) -> list[dict[str, Any]]:
    """One chart per camera line; one series per direction and class, in table order."""
    charts: dict[tuple[str, str], dict[str, Any]] = {}
    for series in table.series:
        key = (series.camera_id, series.line)
        chart = charts.setdefault(
            key, {"title": line_label(spec, *key, lang), "series": [], "rows": []}
        )
        chart["series"].append(_series(series))
    for chart in charts.values():
        columns = [s["values"] for s in chart["series"]]
        chart["rows"] = [
            (bucket, [column[i] for column in columns]) for i, bucket in enumerate(table.buckets)
        ]
    return list(charts.values())


def _series(series: CountSeries) -> dict[str, Any]:
    return {
        "label": f"{series.direction} · {series.class_name}",
        "values": list(series.counts),
        "total": series.total,
    }


@router.get("/dashboard/counts", response_class=HTMLResponse, include_in_schema=False)
def counts_page(
    request: Request,
    who: Principal = READERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    choice = requested_range(request, context)
    table = line_count_series(context.store, choice.period, choice.unit, cameras=who.cameras)
    charts = count_charts(table, context.spec, page_language(request))
    chart_data = {
        "timezone": choice.period.timezone,
        "unit": choice.unit,
        "timeLabel": "時刻" if page_language(request) == "ja" else "Time",
        "x": [int(bucket.timestamp()) for bucket in table.buckets],
        "charts": [{"title": c["title"], "series": c["series"]} for c in charts],
    }
    return render_dashboard(
        request,
        who,
        "counts",
        "dashboard/counts.html",
        {"choice": choice, "units": True, "charts": charts, "chart_data": chart_data},
        status_code=400 if choice.error else 200,
    )
