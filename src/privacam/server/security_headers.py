"""Security headers on every response: the strict Content-Security-Policy and friends.

The policy allows nothing but this server's own files: no inline script or style, no
CDN, no framing. Signed-in pages and API answers are never cached (``no-store``): a
shared or back-buttoned browser must not show someone's data from its cache.

Two things a public route may say for itself, and nothing more:

- a public API answer that declares ``Cache-Control: public, ...`` (the congestion feed)
  keeps it when the caller is not signed in: it holds nothing personal;
- a page that carries an inline stylesheet of its own (the rendered notice, a
  self-contained file) puts its hashes in ``request.state.csp_style_hashes``; they join
  ``style-src`` and the policy stays otherwise the same.
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


def signed_in(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    return "authorization" in headers or f"{SESSION_COOKIE}=" in headers.get("cookie", "")


def never_cached(scope: Scope) -> bool:
    """API answers and anything a signed-in caller (session or token) receives."""
    path: str = scope.get("path", "")
    if path.startswith("/static/"):
        return False
    return path.startswith("/api/") or signed_in(scope)


def policy_for(scope: Scope) -> str:
    """The strict policy, with the style hashes the page declared (if any) in ``style-src``."""
    hashes = scope.get("state", {}).get("csp_style_hashes", ())
    extra = "".join(f" 'sha256-{digest}'" for digest in hashes)
    return CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self'" + extra)


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
                headers["content-security-policy"] = policy_for(scope)
                public = headers.get("cache-control", "").startswith("public")
                if no_store and not (public and not signed_in(scope)):
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, sending)
