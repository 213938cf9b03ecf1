"""Abuse limits: a request-body cap on every route and per-client rate limits on public ones.

**Body size.** The app is built with FastAPI's own ``max_body_size`` (the default of
:class:`LimitSettings`, 1 MiB): a body over it is refused with 413 before it is read
whole, on every route. A route that takes more (a photo upload) says so itself:
``@router.post(..., max_body_size=10 * MIB)``; the more specific limit wins.

**Rate.** Every ``public()`` route (:mod:`privacam.server.access`) takes a token from the
caller's bucket: ``burst`` requests at once, refilled at ``per_minute``; an empty bucket
answers 429 with ``Retry-After``. Buckets are kept in memory, one per client address,
method and route, so that a busy congestion page does not lock the same visitor out of
the notice, nor reading a form out of sending it.
A form that needs a stricter limit of its own (the rights request form's submissions)
adds ``dependencies=[rate_limit("requests", RateLimit(per_minute=5, burst=3))]``.
The client address is the connection's; behind a reverse proxy, run uvicorn with
``--proxy-headers --forwarded-allow-ips`` so that it is the visitor's, not the proxy's.

413 and 429 answers are bilingual: JSON ``detail`` under ``/api/``, a page elsewhere.

>>> limiter = RateLimiter(RateLimit(per_minute=60, burst=2), clock=iter([0.0, 0.0, 0.0, 1.0]).__next__)
>>> [limiter.take("client") for _ in range(4)]
[None, None, 1.0, None]
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from privacam.server.pages import render

MIB = 1024 * 1024


@dataclass(frozen=True)
class RateLimit:
    """``burst`` requests at once, then ``per_minute`` on average."""

    per_minute: float = 60.0
    burst: int = 30

    def __post_init__(self) -> None:
        if self.per_minute <= 0 or self.burst < 1:
            raise ValueError("a rate limit needs per_minute > 0 and burst >= 1")


@dataclass(frozen=True)
class LimitSettings:
    #: Largest request body any route accepts unless it declares its own ``max_body_size``.
    max_body_bytes: int = 1 * MIB
    #: The public routes' limit per client and route; ``None`` turns it off (benchmarks).
    public_rate: RateLimit | None = field(default_factory=RateLimit)
    #: Buckets kept at most; the least recently used go first (a flood of addresses
    #: cannot grow memory without bound).
    max_clients: int = 10_000


class RateLimiter:
    """Token buckets per key, in memory, safe across the threads FastAPI runs handlers in."""

    def __init__(
        self,
        rate: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.rate = rate
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: OrderedDict[Any, tuple[float, float]] = OrderedDict()  # tokens, when
        self._lock = threading.Lock()

    def take(self, key: Any) -> float | None:
        """Take one token: ``None`` if granted, else the seconds until one is due."""
        per_second = self.rate.per_minute / 60.0
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.pop(key, (float(self.rate.burst), now))
            tokens = min(float(self.rate.burst), tokens + (now - then) * per_second)
            granted = tokens >= 1.0
            if granted:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)  # most recently used last
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return None if granted else (1.0 - tokens) / per_second


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limiter(request: Request, bucket: str, rate: RateLimit) -> RateLimiter:
    """The app's limiter for ``bucket``, made on first use (one per app, so per test)."""
    app_state = request.app.state
    with _REGISTRY_LOCK:
        limiters: dict[str, RateLimiter] = getattr(app_state, "rate_limiters", None) or {}
        app_state.rate_limiters = limiters
        if bucket not in limiters:
            limiters[bucket] = RateLimiter(rate, max_clients=_settings(request).max_clients)
        return limiters[bucket]


_REGISTRY_LOCK = threading.Lock()


def _settings(request: Request) -> LimitSettings:
    return request.app.state.context.settings.limits


def enforce_rate(request: Request, bucket: str, rate: RateLimit | None) -> None:
    """429 with ``Retry-After`` when the caller's bucket for this route is empty."""
    if rate is None:
        return
    route = request.scope.get("route")
    key = (client_address(request), request.method, getattr(route, "path", request.url.path))
    wait = _limiter(request, bucket, rate).take(key)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"リクエストが多すぎます。{seconds} 秒後にもう一度お試しください / "
            f"too many requests; try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )


def enforce_public_rate(request: Request) -> None:
    """The limit every ``public()`` route applies (``LimitSettings.public_rate``)."""
    enforce_rate(request, "public", _settings(request).public_rate)


def rate_limit(bucket: str, rate: RateLimit) -> Any:
    """A dependency for a stricter limit of a route's own, in a bucket of its own."""

    def limited(request: Request) -> None:
        enforce_rate(request, bucket, rate)

    return Depends(limited)


def too_large_detail(request: Request) -> str:
    limit = request.scope.get("starlette.max_body_size")
    shown = f"{limit:,} bytes" if isinstance(limit, int) else "the limit"
    return (
        f"リクエストの本文が大きすぎます（上限 {shown}） / "
        f"the request body is too large (limit: {shown})"
    )


def _limit_answer(request: Request, code: int, detail: str, headers: dict[str, str]) -> Response:
    """JSON under /api/, a bilingual page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": detail}, status_code=code, headers=headers)
    response = render(request, "limit.html", {"code": code, "detail": detail}, status_code=code)
    response.headers.update(headers)
    return response


#: What Starlette says when its body limit refuses a request (not bilingual).
STARLETTE_TOO_LARGE = "Content Too Large"


async def _too_large(request: Request, exc: Exception) -> Response:
    """A route's own 413 keeps its detail; the body cap's gets the bilingual one."""
    detail = getattr(exc, "detail", STARLETTE_TOO_LARGE)
    if detail == STARLETTE_TOO_LARGE:
        detail = too_large_detail(request)
    return _limit_answer(request, 413, str(detail), dict(getattr(exc, "headers", None) or {}))


async def _too_many(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _limit_answer(request, 429, str(exc.detail), dict(exc.headers or {}))


class BilingualTooLarge:
    """Starlette's body limit answers a request whose Content-Length is over the cap with a
    plain "Content Too Large", outside every handler; this gives it the bilingual form.

    It must wrap the whole middleware stack (:class:`LimitedFastAPI`), since that limit
    sits outside the app's own middleware, so that it also bounds what they read.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        replacing = False

        async def send_bilingual(message: Message) -> None:
            nonlocal replacing
            if message["type"] == "http.response.start" and _plain_413(message):
                replacing = True
                response = await _too_large(
                    Request(scope, receive), HTTPException(413, STARLETTE_TOO_LARGE)
                )
                await response(scope, receive, send)
                return
            if not replacing:
                await send(message)

        await self.app(scope, receive, send_bilingual)


def _plain_413(message: Message) -> bool:
    headers = dict(message.get("headers", []))
    content_type = headers.get(b"content-type", b"")
    return message["status"] == 413 and content_type.startswith(b"text/plain")


class LimitedFastAPI(FastAPI):
    """FastAPI with bilingual 413 and 429 answers; the body cap is ``max_body_size``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_exception_handler(413, _too_large)
        self.add_exception_handler(429, _too_many)

    def build_middleware_stack(self) -> ASGIApp:
        return BilingualTooLarge(super().build_middleware_stack())

    def openapi(self) -> dict[str, Any]:
        """The schema, saying where 413 and 429 may come (clients and schemathesis read it)."""
        schema = super().openapi()
        document_limits(schema, self)
        return schema


_TOO_LARGE = {"description": "the request body is over the limit (bilingual detail)"}
_TOO_MANY = {
    "description": "too many requests from this client; see Retry-After (bilingual detail)"
}


def document_limits(schema: dict[str, Any], app: FastAPI) -> None:
    """Add 413 to every operation that takes a body and 429 to every public one, in place."""
    from privacam.server.access import declared_access  # access takes its limit from here
    from privacam.server.app import route_table

    for route in route_table(app):
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        access = declared_access(route)
        for method in route.methods:
            operation = schema.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            if "requestBody" in operation:
                operation["responses"].setdefault("413", _TOO_LARGE)
            if access is not None and access.public:
                operation["responses"].setdefault("429", _TOO_MANY)
