"""``GET /api/health``: is the server up and is its store reachable (no data in the answer)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from privacam import __version__
from privacam.server.access import public
from privacam.server.context import ServerContext, get_context

router = APIRouter()


@router.get("/api/health", dependencies=[public()], tags=["server"])
def health(context: ServerContext = Depends(get_context)) -> dict[str, str]:
    context.store.counts()  # raises (500) when the store cannot be read
    return {"status": "ok", "version": __version__}
