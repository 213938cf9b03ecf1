"""Case ⑥'s public congestion information (no sign-in): ``/congestion`` for people, on a phone
first, and ``/api/v1/congestion`` for machines; both from :mod:`privacam.server.congestion`.

The page refreshes itself: htmx (vendored, no CDN) fetches its area list every 30 s and
swaps it in (an ``HX-Request`` gets the fragment alone); without JavaScript a plain reload
shows the same current data, and a ``<noscript>`` refresh reloads it every minute. Both
answers may be cached for :data:`MAX_AGE` seconds, carry an ETag (a digest of the body)
and Last-Modified (the newest window's end), and answer 304 to a matching revalidation.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from privacam.server.access import public
from privacam.server.congestion import NotPublished, congestion_feed
from privacam.server.context import ServerContext, get_context
from privacam.server.pages import render

router = APIRouter()

MAX_AGE = 10  # seconds: shorter than the page's 30 s polling, so each poll sees new data
POLL_SECONDS = 30


class Texts(BaseModel):
    ja: str
    en: str


class CongestionLevel(BaseModel):
    level: int
    ja: str
    en: str
    tone: int  # 0 calm .. 3 very crowded, whatever the number of thresholds
    from_: int = Field(alias="from")  # the smallest count of this level
    to: int | None  # the largest; None: no upper bound

    model_config = ConfigDict(populate_by_name=True)


class AreaCongestion(BaseModel):
    camera_id: str
    area: str
    label: Texts
    camera: Texts
    window_start: datetime | None
    window_end: datetime | None
    moving: int | None  # None: no data, or a small count suppressed (see ``suppressed``)
    still: int | None
    total: int | None
    suppressed: bool
    congestion_level: int | None


class CongestionFeed(BaseModel):
    site: Texts
    k: int  # counts from 1 to k-1 are suppressed
    updated: datetime | None
    levels: list[CongestionLevel]
    areas: list[AreaCongestion]


def _feed(context: ServerContext) -> dict[str, Any]:
    return congestion_feed(context.loaded.public, context.store, context.clock())


def _cached(request: Request, body: bytes, media_type: str, feed: dict[str, Any]) -> Response:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}"}
    if feed["updated"] is not None:
        updated = datetime.fromisoformat(feed["updated"])
        headers["Last-Modified"] = format_datetime(updated, usegmt=True)
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@router.get(
    "/api/v1/congestion",
    dependencies=[public()],
    tags=["congestion"],
    response_model=CongestionFeed,
    responses={404: {"description": "this deployment publishes no congestion information"}},
)
def congestion_json(request: Request, context: ServerContext = Depends(get_context)) -> Response:
    """Each area's newest congestion window, small counts suppressed (k), for any client."""
    try:
        feed = _feed(context)
    except NotPublished as refusal:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(refusal)) from None
    body = json.dumps(feed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _cached(request, body, "application/json", feed)


def _local_time(zone: ZoneInfo):
    def shown(iso: str | None) -> str:
        return "" if iso is None else datetime.fromisoformat(iso).astimezone(zone).strftime("%H:%M")

    return shown


@router.get("/congestion", dependencies=[public()], tags=["congestion"], response_class=Response)
def congestion_page(request: Request, context: ServerContext = Depends(get_context)) -> Response:
    """The congestion page (a fragment of it for htmx's refresh)."""
    try:
        feed = _feed(context)
    except NotPublished as refusal:
        return render(request, "congestion/unpublished.html", {"reason": str(refusal)}, 404)
    fragment = request.headers.get("hx-request") == "true"
    values = {
        "feed": feed,
        "levels": {level["level"]: level for level in feed["levels"]},
        "local_time": _local_time(ZoneInfo(context.spec.timezone)),
        "zone": context.spec.timezone,
        "poll_seconds": POLL_SECONDS,
    }
    page = render(request, "congestion/areas.html" if fragment else "congestion/page.html", values)
    response = _cached(request, bytes(page.body), "text/html; charset=utf-8", feed)
    response.headers["Vary"] = "Accept-Language, Cookie, HX-Request"
    for name, value in page.headers.items():
        if name.lower() == "set-cookie":
            response.headers.append(name, value)
    return response
