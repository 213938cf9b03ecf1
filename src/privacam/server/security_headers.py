"""Security headers on every response: the strict Content-Security-Policy and friends.

The policy allows nothing but this server's own files: no inline script or style, no
CDN, no framing. Signed-in pages and API answers are never cached (``no-store``): a
shared or back-buttoned browser must not show someone's data from its cache.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from privacam.server.auth import SESSION_COOKIE

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def never_cached(scope: Scope) -> bool:
    """API answers and anything a signed-in caller (session or token) receives."""
    path: str = scope.get("path", "")
    if path.startswith("/static/"):
        return False
    headers = Headers(scope=scope)
    return (
        path.startswith("/api/")
        or "authorization" in headers
        or f"{SESSION_COOKIE}=" in headers.get("cookie", "")
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = never_cached(scope)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if no_store:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, sending)
