"""Which route a request goes to, found before routing (for middleware that must know)."""

from __future__ import annotations

from typing import Any

from starlette.routing import Match
from starlette.types import Scope


def matched_route(scope: Scope) -> Any:
    """The route of ``scope["app"]`` that fully matches this request (path and method), or None."""
    from privacam.server.app import route_table  # the app module installs the middleware

    for route in route_table(scope["app"]):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
    return None
