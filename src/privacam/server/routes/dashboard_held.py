"""``/dashboard/held``: what the deployment holds now, per data class (admin, privacy officer).

Rows, the oldest, and the next expiry of every kind of thing kept
(:func:`privacam.store.holdings.holdings`): counts and dates only, so the page shows no
personal data and opening it is not audited.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from privacam.policy.durations import format_duration
from privacam.server.access import Principal, allow
from privacam.server.context import ServerContext, get_context
from privacam.server.dashboard import render_dashboard, section
from privacam.server.pages import page_language
from privacam.store.holdings import Holding, holdings

router = APIRouter()

OFFICERS = allow(*section("held").roles)

#: What each holding is, as the page names it.
NAMES: dict[str, tuple[str, str]] = {
    "line_counts": ("通過人数・台数", "line crossings"),
    "zone_occupancy": ("ゾーン内の人数", "zone occupancy"),
    "trajectories": ("来店ごとの動線", "per-visit trajectories"),
    "flow_windows": ("ゾーン別の来店数・滞在時間", "zone visits and dwell"),
    "zone_transitions": ("ゾーン間の移動数", "zone transitions"),
    "heatmaps": ("動線ヒートマップ", "flow heatmaps"),
    "crowd_intervals": ("混雑度・人数", "crowd levels and counts"),
    "attribute_tallies": ("属性別人数", "attribute tallies"),
    "repeat_visits": ("来店履歴", "visit history"),
    "repeat_windows": ("来店・再来店数", "visit and repeat counts"),
    "runs": ("実行記録", "runs"),
    "coverage": ("撮影できていた時間帯", "coverage spans"),
    "outages": ("停止・障害の時間帯", "outages"),
    "vault_templates": ("顔特徴量テンプレート（保管庫）", "face templates (vault)"),
    "vault_exclusions": ("除外テンプレート（オプトアウト）", "exclusion templates (opt-out)"),
    "rights_requests": ("開示等の請求", "rights requests"),
    "incidents": ("漏えい等事案", "incidents"),
    "quarantine": ("マスク前の元画像（隔離保管）", "unmasked originals (quarantine)"),
    "masked_outputs": ("マスク済み画像", "masked outputs"),
}

CLASS_NAMES: dict[str, tuple[str, str]] = {
    "identifier": ("個人識別符号", "identifiers"),
    "personal": ("個人情報", "personal data"),
    "statistics": ("統計情報", "statistics"),
    "accountability": ("記録簿（請求・事案）", "registers (requests, incidents)"),
}


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return "—" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def held_groups(held: list[Holding], zone: ZoneInfo, lang: str) -> list[dict]:
    """The holdings grouped by data class, each row ready to show."""
    groups: dict[str, dict] = {}
    for h in held:
        group = groups.setdefault(
            h.data_class,
            {"data_class": h.data_class, "name": CLASS_NAMES.get(h.data_class), "rows": []},
        )
        group["rows"].append(
            {
                "what": h.what,
                "name": NAMES.get(h.what, (h.what, h.what)),
                "rows": h.rows,
                "oldest": _local(h.oldest, zone),
                "next_expiry": _local(h.next_expiry, zone),
                "retention": "—" if h.retention is None else format_duration(h.retention, lang),
                "at_expiry": h.at_expiry,
            }
        )
    return list(groups.values())


@router.get("/dashboard/held", response_class=HTMLResponse, include_in_schema=False)
def held_page(
    request: Request,
    who: Principal = OFFICERS,
    context: ServerContext = Depends(get_context),
) -> HTMLResponse:
    zone = ZoneInfo(context.spec.timezone)
    groups = held_groups(holdings(context.store, context.loaded), zone, page_language(request))
    return render_dashboard(
        request,
        who,
        "held",
        "dashboard/held.html",
        {"groups": groups, "now": _local(context.clock(), zone), "zone": zone.key},
    )
