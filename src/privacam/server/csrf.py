"""CSRF protection: an unsafe request from a browser must carry the page's token.

Every POST, PUT, PATCH or DELETE that is not a bearer-token API call (a browser never
adds an ``Authorization`` header to a cross-site request by itself) must carry the token
in the ``csrf_token`` form field or the ``X-CSRF-Token`` header:

- with a session, the session's own secret (:mod:`privacam.store.sessions`);
- without one (the public request form, the sign-in form), the nonce of a per-visitor
  cookie signed with the server's key: a page from another site cannot read the nonce,
  and cannot forge a cookie the key did not sign.

The middleware puts the expected token in ``request.state.csrf_token``, which the
templates' ``{{ csrf_input() }}`` writes into each form. An anonymous request to a route
that needs sign-in passes on to its 401: nothing can change without a principal.
Refusals are 403 with a bilingual message (JSON for the API, a page otherwise).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any

from fastapi.responses import JSONResponse
from python_multipart.multipart import create_form_parser
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from privacam.server.access import declared_access
from privacam.server.pages import render
from privacam.server.route_match import matched_route

FIELD = "csrf_token"
HEADER = "x-csrf-token"
VISITOR_COOKIE = "privacam_csrf"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
#: A form body is read whole to find its token: larger ones are refused (413).
MAX_FORM_BYTES = 16 * 1024 * 1024
REFUSED = (
    "フォームの有効期限が切れたか、別のサイトから送信されました。ページを開き直してから送信してください"
    " / the form expired or was sent from another site; reload the page and send it again"
)
TOO_LARGE = "送信データが大きすぎます / the request body is too large"


class CsrfMiddleware:
    def __init__(
        self, app: ASGIApp, *, key: bytes | None = None, max_form_bytes: int = MAX_FORM_BYTES
    ) -> None:
        self.app = app
        # Per process: a restart only makes open public forms ask for a reload.
        self.key = key or secrets.token_bytes(32)
        self.max_form_bytes = max_form_bytes

    # ------------------------------------------------------------------ visitor tokens

    def sign(self, nonce: str) -> str:
        return hmac.new(self.key, nonce.encode(), hashlib.sha256).hexdigest()

    def visitor_nonce(self, cookie: str | None) -> str | None:
        nonce, _, signature = (cookie or "").partition(".")
        if nonce and hmac.compare_digest(signature, self.sign(nonce)):
            return nonce
        return None

    # ------------------------------------------------------------------ the middleware

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Static files change nothing and need no token: no session lookup for each of them.
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        scheme = request.headers.get("authorization", "").partition(" ")[0]
        if scheme.lower() == "bearer":  # an API call: no ambient credential to abuse
            await self.app(scope, receive, send)
            return
        authenticator = scope["app"].state.authenticator
        finder = getattr(authenticator, "session", None)
        session = await run_in_threadpool(finder, request) if finder else None
        new_cookie = None
        if session is not None:
            expected = session.csrf_secret
        else:
            expected = self.visitor_nonce(request.cookies.get(VISITOR_COOKIE))
            if expected is None:
                expected = secrets.token_urlsafe(24)
                new_cookie = f"{expected}.{self.sign(expected)}"
        request.state.csrf_token = expected or ""
        if request.method in UNSAFE and (session is not None or not _needs_sign_in(scope)):
            checked = await self._check(request, expected or "")
            if isinstance(checked, tuple):
                status, message = checked
                await self._refuse(request, status, message)(scope, receive, send)
                return
            receive = checked
        if new_cookie is not None:
            send = _setting_cookie(send, new_cookie, scope["app"].state.context.settings)
        await self.app(scope, receive, send)

    async def _check(self, request: Request, expected: str) -> Receive | tuple[int, str]:
        """The receive channel to hand on (the body replayed when it was read), or the
        refusal (status, message)."""
        sent = request.headers.get(HEADER)
        receive: Receive = request.receive
        if sent is None and request.headers.get("content-type", "").startswith(FORMS):
            body = bytearray()
            async for chunk in request.stream():
                body += chunk
                if len(body) > self.max_form_bytes:
                    return 413, TOO_LARGE
            sent = form_field(request.headers.get("content-type", ""), bytes(body), FIELD)
            receive = _replay(bytes(body))
        if (
            not expected
            or sent is None
            or not hmac.compare_digest(sent.encode(), expected.encode())
        ):
            return 403, REFUSED
        return receive

    def _refuse(self, request: Request, status: int, message: str) -> Any:
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
            "accept", ""
        ):
            return JSONResponse({"detail": message}, status_code=status)
        return render(request, "error.html", {"message": message}, status_code=status)


def _needs_sign_in(scope: Scope) -> bool:
    """Does the route this request goes to require a signed-in caller?"""
    route = matched_route(scope)
    access = declared_access(route) if hasattr(route, "dependant") else None
    return access is not None and not access.public


def form_field(content_type: str, body: bytes, name: str) -> str | None:
    """The first value of field ``name`` in a urlencoded or multipart body (files are
    parsed in memory and dropped: nothing reaches the disk), or ``None``.

    >>> form_field("application/x-www-form-urlencoded", b"a=1&csrf_token=xyz", "csrf_token")
    'xyz'
    >>> form_field("multipart/form-data; boundary=B", b"--B\\r\\nContent-Disposition: form-data; "
    ...     b'name="csrf_token"\\r\\n\\r\\nxyz\\r\\n--B--\\r\\n', "csrf_token")
    'xyz'
    """
    found: list[str] = []

    def on_field(field: Any) -> None:
        if field.field_name == name.encode() and not found and field.value is not None:
            found.append(field.value.decode("utf-8", "replace"))

    try:
        parser = create_form_parser(
            {"Content-Type": content_type.encode()},
            on_field,
            lambda file: file.close(),
            config={"MAX_MEMORY_FILE_SIZE": len(body) + 1, "MAX_BODY_SIZE": len(body) + 1},
        )
        parser.write(body)
        parser.finalize()
    except Exception:  # a malformed body carries no token: refused below
        return None
    return found[0] if found else None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _setting_cookie(send: Send, value: str, settings: Any) -> Send:
    cookie: SimpleCookie = SimpleCookie()
    cookie[VISITOR_COOKIE] = value
    morsel = cookie[VISITOR_COOKIE]
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Strict"
    if settings.secure_cookies:
        morsel["secure"] = True
    header = morsel.OutputString().encode("latin-1")

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), (b"set-cookie", header)]
        await send(message)

    return sending
