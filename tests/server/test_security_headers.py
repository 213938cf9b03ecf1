"""Security headers on every response, and no-store on signed-in pages and API answers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec
from privacam.server.access import Role
from privacam.server.security_headers import CONTENT_SECURITY_POLICY
from privacam.store import Store
from tests.server.fakes import as_role
from tests.server.signin_helpers import PASSWORD, browser, sign_in, store_app

EXPECTED = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def test_the_policy_is_the_strict_one_of_the_contract() -> None:
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in CONTENT_SECURITY_POLICY.split("; ")
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "http" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("header", sorted(EXPECTED))
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/login"),
        ("GET", "/api/health"),
        ("GET", "/static/privacam.css"),
        ("GET", "/no/such/page"),
        ("POST", "/logout"),  # a CSRF refusal
        ("GET", "/api/v1/me"),  # a 401
    ],
)
def test_every_response_carries_the_security_header(
    sqlite_client: TestClient, header: str, method: str, path: str
) -> None:
    answer = sqlite_client.request(method, path)
    assert answer.headers.get(header) == EXPECTED[header]


def test_api_answers_and_signed_in_pages_are_never_cached(
    loaded: LoadedSpec, sqlite_server_store: Store
) -> None:
    app, authenticator = store_app(loaded, sqlite_server_store)
    authenticator.accounts.add_user("aiko", "analyst", PASSWORD)
    client = browser(app)
    assert client.get("/api/health").headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/login").headers  # an anonymous page
    sign_in(client, "aiko")
    assert client.get("/account/password").headers["cache-control"] == "no-store"
    assert client.get("/login").headers["cache-control"] == "no-store"


def test_a_token_callers_answers_are_never_cached(sqlite_client: TestClient) -> None:
    answer = sqlite_client.get("/api/v1/me", headers=as_role(Role.ANALYST))
    assert answer.headers["cache-control"] == "no-store"


def test_static_files_may_be_cached(sqlite_client: TestClient) -> None:
    answer = sqlite_client.get("/static/privacam.css", headers=as_role(Role.ANALYST))
    assert answer.status_code == 200 and "no-store" not in answer.headers.get("cache-control", "")
