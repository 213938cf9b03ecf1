"""The FastAPI application: :func:`create_app` wires the context, the routers and the
static files; nothing here knows what a page shows.

Each feature is a router module with its own ``router`` (``APIRouter``); add it to
:data:`ROUTER_MODULES`. Every route must declare its access (``privacam.server.access``).
"""

from __future__ import annotations

import importlib

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute

from privacam import __version__
from privacam.server.access import Authenticator
from privacam.server.context import ServerContext
from privacam.server.csrf import CsrfMiddleware
from privacam.server.limits import LimitedFastAPI
from privacam.server.pages import STATIC_DIR
from privacam.server.security_headers import SecurityHeadersMiddleware

#: The router modules, each exporting ``router``. Order decides nothing but the schema's.
ROUTER_MODULES: tuple[str, ...] = (
    "privacam.server.routes.health",
    "privacam.server.routes.favicon",
    "privacam.server.routes.notice",
    "privacam.server.routes.congestion",
    "privacam.server.routes.signin",
    "privacam.server.routes.me",
    "privacam.server.routes.dashboard",
    "privacam.server.routes.dashboard_counts",
    "privacam.server.routes.dashboard_activity",
    "privacam.server.routes.dashboard_runs",
    "privacam.server.routes.push",
    "privacam.server.routes.request_form",
    "privacam.server.routes.officer_requests",
    "privacam.server.routes.requests_api",
    "privacam.server.routes.officer_incidents",
    "privacam.server.routes.incidents_api",
    "privacam.server.routes.dashboard_heatmap",
    "privacam.server.routes.dashboard_crowd",
    "privacam.server.routes.dashboard_held",
    "privacam.server.routes.dashboard_audit",
    "privacam.server.routes.api_records",
    "privacam.server.routes.api_aggregates",
    "privacam.server.routes.api_exports",
    "privacam.server.routes.api_notices",
    "privacam.server.routes.api_audit",
)

#: Paths the framework serves itself, outside the route declarations: the published
#: OpenAPI schema and the vendored static files (both public, neither holds data).
FRAMEWORK_PATHS = ("/api/openapi.json", "/static")


def create_app(context: ServerContext, authenticator: Authenticator) -> FastAPI:
    """The app for one deployment's store. Swagger's pages are off: they load from a CDN."""
    app = LimitedFastAPI(
        title="privacam",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        max_body_size=context.settings.limits.max_body_bytes,
    )
    app.state.context = context
    app.state.authenticator = authenticator
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # The last added runs first: security headers go on every answer, a CSRF refusal too.
    app.add_middleware(CsrfMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def route_table(app: FastAPI) -> list[BaseRoute]:
    """Every route the app serves, flattened out of the included routers.

    FastAPI ≥ 0.16x keeps an included router as one entry of ``app.routes``; its
    ``iter_route_contexts`` yields the routes inside. Older versions list them flat.
    """
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before included routers became entries of their own
        return list(app.routes)
    return [context.original_route for context in iter_route_contexts(app.routes)]
