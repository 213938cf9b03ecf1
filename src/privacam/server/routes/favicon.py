"""``GET /favicon.ico``: the site's icon, which browsers ask for on every page.

Served from ``static/favicon.svg`` (Chromium and Firefox take an SVG at this path), so
that no page's console shows a 404, and the notice and congestion pages a visitor
bookmarks carry an icon.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from privacam.server.access import public
from privacam.server.pages import STATIC_DIR

router = APIRouter()


@router.get("/favicon.ico", dependencies=[public()], include_in_schema=False)
def favicon() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "favicon.svg",
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )
