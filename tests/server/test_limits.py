"""Abuse limits: a body cap on every route (413) and per-client rate limits on public ones (429)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec
from privacam.server.access import Role, allow, public
from privacam.server.app import create_app
from privacam.server.context import ServerContext, ServerSettings
from privacam.server.limits import LimitSettings, RateLimit, RateLimiter, rate_limit
from privacam.store import Store
from tests.server.fakes import FixedAuthenticator, as_role

#: A bearer-token API call: the CSRF check (for browsers' form posts) does not apply.
API = as_role(Role.NODE)


def limited_client(loaded: LoadedSpec, store: Store, limits: LimitSettings) -> TestClient:
    context = ServerContext(loaded=loaded, store=store, settings=ServerSettings(limits=limits))
    app = create_app(context, FixedAuthenticator())
    router = APIRouter()

    @router.post("/api/test/echo", dependencies=[public()])
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    @router.post("/api/test/upload", dependencies=[public()], max_body_size=4096)
    async def upload(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    @router.post("/test/form", dependencies=[allow(Role.ADMIN)])
    async def form(request: Request) -> dict[str, int]:
        return {"fields": len(await request.form())}

    @router.post("/api/test/strict", dependencies=[public(), rate_limit("strict", RateLimit(1, 1))])
    def strict() -> dict[str, bool]:
        return {"ok": True}

    @router.post("/api/test/json", dependencies=[allow(Role.ADMIN)])
    def json_body(body: dict[str, int]) -> dict[str, int]:
        return body

    @router.post("/api/test/photo", dependencies=[public()])
    def photo() -> None:
        raise HTTPException(413, "写真が大きすぎます / the photo is over 8 MB")

    app.include_router(router)
    return TestClient(app, base_url="https://testserver")


def test_a_body_over_the_cap_is_refused_with_a_bilingual_413(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings(max_body_bytes=1000))
    assert client.post("/api/test/echo", content=b"x" * 1000, headers=API).json() == {"bytes": 1000}
    response = client.post("/api/test/echo", content=b"x" * 1001, headers=API)
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "大きすぎます" in detail and "too large" in detail and "1,000 bytes" in detail


def test_a_streamed_body_without_length_is_cut_at_the_cap(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings(max_body_bytes=1000))
    chunks = iter([b"x" * 600, b"x" * 600])  # no Content-Length: counted as it arrives
    response = client.post("/api/test/echo", content=chunks, headers=API)
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_a_route_that_never_reads_its_body_still_answers_413_bilingually(
    loaded, sqlite_server_store
) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings(max_body_bytes=10))
    response = client.request("GET", "/api/health", content=b"x" * 11)
    assert response.status_code == 413
    assert "大きすぎます" in response.json()["detail"]


def test_a_page_over_the_cap_gets_a_413_page(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings(max_body_bytes=100))
    response = client.post("/test/form", data={"a": "x" * 200}, headers=as_role(Role.ADMIN))
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "送信内容が大きすぎます" in response.text


def test_a_browsers_form_over_the_cap_gets_the_413_page_before_any_csrf_check(
    loaded, sqlite_server_store
) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings(max_body_bytes=1000))
    response = client.post("/api/test/echo", data={"csrf_token": "x", "text": "x" * 2000})
    assert response.status_code == 413
    assert "大きすぎます" in response.json()["detail"]
    page = client.post("/test/form", data={"csrf_token": "x", "text": "x" * 2000})
    assert page.status_code == 413 and "送信内容が大きすぎます" in page.text


def test_a_route_may_accept_a_larger_body_than_the_default(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings(max_body_bytes=1000))
    assert client.post("/api/test/upload", content=b"x" * 4096, headers=API).json() == {
        "bytes": 4096
    }
    assert client.post("/api/test/upload", content=b"x" * 4097, headers=API).status_code == 413


def test_a_routes_own_413_keeps_its_detail(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings())
    response = client.post("/api/test/photo", headers=API)
    assert (response.status_code, response.json()["detail"]) == (
        413,
        "写真が大きすぎます / the photo is over 8 MB",
    )


def test_the_default_cap_refuses_a_two_megabyte_body(sqlite_client) -> None:
    response = sqlite_client.post("/api/health", content=b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413


def test_a_public_route_answers_429_with_retry_after_once_the_burst_is_spent(
    loaded, sqlite_server_store
) -> None:
    limits = LimitSettings(public_rate=RateLimit(per_minute=6, burst=3))
    client = limited_client(loaded, sqlite_server_store, limits)
    assert [client.get("/api/health").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/health")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 10
    assert "多すぎます" in refused.json()["detail"]
    assert "too many requests" in refused.json()["detail"]


def test_each_public_route_has_its_own_bucket(loaded, sqlite_server_store) -> None:
    limits = LimitSettings(public_rate=RateLimit(per_minute=1, burst=1))
    client = limited_client(loaded, sqlite_server_store, limits)
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health").status_code == 429
    assert client.post("/api/test/echo", content=b"", headers=API).status_code == 200


def test_a_route_with_a_path_parameter_is_one_bucket_whatever_the_value(
    loaded, sqlite_server_store
) -> None:
    limits = LimitSettings(public_rate=RateLimit(per_minute=1, burst=1))
    client = limited_client(loaded, sqlite_server_store, limits)
    assert client.get("/notice/a.pdf").status_code == 404  # no notice rendered
    assert client.get("/notice/b.pdf").status_code == 429


def test_signed_in_routes_are_not_rate_limited(loaded, sqlite_server_store) -> None:
    limits = LimitSettings(public_rate=RateLimit(per_minute=1, burst=1))
    client = limited_client(loaded, sqlite_server_store, limits)
    codes = {client.post("/test/form", headers=as_role(Role.ADMIN)).status_code for _ in range(5)}
    assert codes == {200}


def test_a_stricter_limit_of_a_routes_own_applies_on_top(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings())
    assert client.post("/api/test/strict", headers=API).status_code == 200
    assert client.post("/api/test/strict", headers=API).status_code == 429


def test_the_public_rate_limit_can_be_turned_off(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings(public_rate=None))
    assert {client.get("/api/health").status_code for _ in range(40)} == {200}


def test_a_bucket_refills_at_the_configured_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(RateLimit(per_minute=30, burst=2), clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [None, None]
    assert limiter.take("a") == 2.0  # one token every two seconds
    now[0] = 1.0
    assert limiter.take("a") == 1.0
    now[0] = 2.0
    assert limiter.take("a") is None
    assert limiter.take("b") is None  # another client has its own bucket


def test_the_limiter_forgets_the_least_recent_clients_beyond_its_bound() -> None:
    limiter = RateLimiter(RateLimit(per_minute=1, burst=1), clock=lambda: 0.0, max_clients=2)
    for key in ("a", "b", "c"):
        assert limiter.take(key) is None
    assert limiter.take("c") is not None  # still remembered: refused
    assert limiter.take("a") is None  # forgotten: a fresh bucket


def test_the_schema_says_where_413_and_429_may_come(loaded, sqlite_server_store) -> None:
    client = limited_client(loaded, sqlite_server_store, LimitSettings())
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "429" in paths["/api/health"]["get"]["responses"]
    assert "429" not in paths["/test/form"]["post"]["responses"]  # signed in: not limited
    assert "413" not in paths["/api/health"]["get"]["responses"]  # takes no body
    assert "413" in paths["/api/test/json"]["post"]["responses"]
