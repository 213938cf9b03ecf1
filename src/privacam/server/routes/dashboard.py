"""``GET /dashboard``: the overview of the deployment a signed-in reader sees first.

The case, the cameras (an analyst scoped to some cameras sees only those) and each
camera's newest windows per kind, with local times in the deployment's time zone.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from privacam.policy.case_profiles import PROFILES
from privacam.server.access import Principal, allow
from privacam.server.context import ServerContext, get_context
from privacam.server.dashboard import render_dashboard, section, sections_for
from privacam.store.latest import latest_windows

router = APIRouter()

#: Window kind -> (ja, en, the dashboard section that shows it, or None).
KIND_LABELS: dict[str, tuple[str, str, str | None]] = {
    "line_counts": ("通過数", "Line crossings", "counts"),
    "zone_occupancy": ("ゾーン内の人数", "Zone occupancy", None),
    "flow_windows": ("ゾーンの来訪と滞在", "Zone visits and dwell", "heatmap"),
    "zone_transitions": ("ゾーン間の移動", "Zone transitions", "transitions"),
    "heatmaps": ("動線ヒートマップ", "Flow heatmaps", "heatmap"),
    "crowd_intervals": ("混雑度", "Crowd levels", "crowd"),
    "attribute_tallies": ("属性の集計", "Attribute tallies", None),
    "repeat_windows": ("再来店の統計", "Repeat-visit statistics", "repeat"),
}

#: Who may read the overview (one Depends, made once: a default argument must not call).
READERS = allow(*section("overview").roles)


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def overview(
    request: Request,
    who: Principal = READERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    spec = context.spec
    cameras = [camera for camera in spec.cameras if who.may_see_camera(camera.id)]
    windows = latest_windows(context.store, cameras={camera.id for camera in cameras})
    return render_dashboard(
        request,
        who,
        "overview",
        "dashboard/overview.html",
        {
            "spec": spec,
            "profile": PROFILES[spec.case],
            "cameras": cameras,
            "windows": windows,
            "zone": ZoneInfo(spec.timezone),
            "kind_labels": KIND_LABELS,
            "links": {s.name: s.path for s in sections_for(who)},
        },
    )
