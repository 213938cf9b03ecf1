"""The signed-in dashboard's shell: its sections, who sees each, and :func:`render_dashboard`.

Every dashboard page extends ``templates/dashboard/base.html`` and is rendered through
:func:`render_dashboard`, which hands the template the sections the caller's role may open
(``templates/dashboard/_nav.html`` lists them) and marks the current one. A section's
route declares the same roles (``HELD = allow(*section("held").roles)`` once in the module,
then ``who: Principal = HELD``), so the
navigation never offers a page that would answer 403.

>>> [s.path for s in sections_for(Principal(name="aiko", role=Role.ANALYST))][:3]
['/dashboard', '/dashboard/counts', '/dashboard/transitions']
>>> "/dashboard/held" in [s.path for s in sections_for(Principal(name="aiko", role=Role.ANALYST))]
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from privacam.server.access import Principal, Role
from privacam.server.pages import render

#: Who reads the aggregates: everyone signed in but an edge node.
READERS = frozenset({Role.ADMIN, Role.ANALYST, Role.PRIVACY_OFFICER})
#: What is held and the audit log: the privacy officer's, and the admin's who runs the site.
OFFICERS = frozenset({Role.ADMIN, Role.PRIVACY_OFFICER})


@dataclass(frozen=True)
class Section:
    """One page of the dashboard as the navigation shows it."""

    name: str
    path: str
    ja: str
    en: str
    roles: frozenset[Role] = READERS


SECTIONS: tuple[Section, ...] = (
    Section("overview", "/dashboard", "概要", "Overview"),
    Section("counts", "/dashboard/counts", "通過数の推移", "Counts over time"),
    Section("transitions", "/dashboard/transitions", "ゾーン間の移動", "Zone transitions"),
    Section("repeat", "/dashboard/repeat", "再来店の統計", "Repeat visits"),
    Section("heatmap", "/dashboard/heatmap", "動線ヒートマップ", "Flow heatmap"),
    Section("crowd", "/dashboard/crowd", "混雑マップ", "Crowd map"),
    Section("runs", "/dashboard/runs", "稼働と停止", "Runs and outages"),
    Section("held", "/dashboard/held", "保有データ", "What is held", OFFICERS),
    Section("audit", "/dashboard/audit", "監査ログ", "Audit log", OFFICERS),
)


def section(name: str) -> Section:
    """The section called ``name`` (KeyError for an unknown one)."""
    for candidate in SECTIONS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def sections_for(who: Principal) -> list[Section]:
    """The sections ``who`` may open, in navigation order."""
    return [s for s in SECTIONS if who.role in s.roles]


def render_dashboard(
    request: Request,
    who: Principal,
    current: str,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a dashboard page: ``template`` with the navigation for ``who``, ``current`` marked."""
    values = {
        "who": who,
        "sections": sections_for(who),
        "current": section(current),
        **(context or {}),
    }
    return render(request, template, values, status_code=status_code)
