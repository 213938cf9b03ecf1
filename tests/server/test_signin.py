"""Signing in and out with the real authenticator: cookies, generic errors, rate limits,
expiry, the one-time password, tokens; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec
from privacam.server.auth import SESSION_COOKIE, StoreAuthenticator
from privacam.store import Store
from tests.server.signin_helpers import PASSWORD, browser, page_csrf_token, sign_in, store_app

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


Real = Iterator[tuple[TestClient, StoreAuthenticator]]


def signed_up(loaded: LoadedSpec, store: Store) -> Real:
    app, authenticator = store_app(loaded, store)
    authenticator.accounts.add_user("aiko", "analyst", PASSWORD, cameras=["cam1"])
    with browser(app) as client:
        yield client, authenticator


@pytest.fixture
def real(loaded: LoadedSpec, server_store: Store) -> Real:
    yield from signed_up(loaded, server_store)


@pytest.fixture
def real_sqlite(loaded: LoadedSpec, sqlite_server_store: Store) -> Real:
    """For what the server keeps in memory (the sign-in limits): one backend is enough."""
    yield from signed_up(loaded, sqlite_server_store)


def post_login(client: TestClient, name: str, password: str):
    token = page_csrf_token(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def test_signing_in_sets_a_strict_http_only_secure_cookie_and_redirects_to_the_dashboard(
    real,
) -> None:
    client, _ = real
    answer = post_login(client, "aiko", PASSWORD)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/dashboard"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite"} <= attributes
    assert "samesite=strict" in cookie.lower()
    assert client.get("/api/v1/me").json()["name"] == "aiko"


def test_a_wrong_password_and_an_unknown_user_get_the_same_bilingual_error(real) -> None:
    client, _ = real
    wrong_password = post_login(client, "aiko", "not the password at all")
    unknown_user = post_login(client, "nobody", PASSWORD)
    assert wrong_password.status_code == unknown_user.status_code == 401
    for page in (wrong_password, unknown_user):
        assert "ユーザー名またはパスワードが違います" in page.text
    english = client.post(
        "/login?lang=en",
        data={"name": "aiko", "password": "nope nope nope", "csrf_token": page_csrf_token(client)},
    )
    assert "the user name or the password is wrong" in english.text
    assert SESSION_COOKIE not in client.cookies


def test_failed_sign_ins_are_rate_limited_per_user(real_sqlite) -> None:
    client, authenticator = real_sqlite
    for _ in range(authenticator.limiter.limits["user"]):
        assert post_login(client, "aiko", "a wrong password").status_code == 401
    limited = post_login(client, "aiko", PASSWORD)  # even the right password now
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    authenticator.accounts.add_user("ken", "admin", PASSWORD)
    assert post_login(client, "ken", PASSWORD).status_code == 303  # others still can


def test_failed_sign_ins_are_rate_limited_per_client_address(real_sqlite) -> None:
    client, authenticator = real_sqlite
    for attempt in range(authenticator.limiter.limits["address"]):
        assert post_login(client, f"guess{attempt}", "a wrong password").status_code == 401
    assert post_login(client, "aiko", PASSWORD).status_code == 429


def test_signing_out_ends_the_session_on_the_server(real) -> None:
    client, _ = real
    headers = sign_in(client, "aiko")
    stolen = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", headers=headers).headers["location"] == "/login"
    replayed = browser(client.app)
    replayed.cookies.set(SESSION_COOKIE, stolen)
    assert replayed.get("/api/v1/me").status_code == 401


def test_a_session_expires_after_idle_time_and_at_its_lifetime(real) -> None:
    client, authenticator = real
    now = [T0]
    authenticator.context.clock = lambda: now[0]
    sign_in(client, "aiko")
    now[0] += authenticator.sessions.idle - timedelta(minutes=1)
    assert client.get("/api/v1/me").status_code == 200  # slides the idle expiry
    now[0] += authenticator.sessions.idle - timedelta(minutes=1)
    assert client.get("/api/v1/me").status_code == 200
    now[0] += authenticator.sessions.idle + timedelta(seconds=1)
    assert client.get("/api/v1/me").status_code == 401
    sign_in(client, "aiko")
    for _ in range(int(authenticator.sessions.lifetime / timedelta(minutes=20))):
        now[0] += timedelta(minutes=20)
        client.get("/api/v1/me")
    assert client.get("/api/v1/me").status_code == 401  # busy, but past its lifetime


def test_a_one_time_password_must_be_changed_before_anything_else(real) -> None:
    client, authenticator = real
    authenticator.accounts.add_user(
        "admin", "admin", "one-time-password", must_change_password=True
    )
    answer = post_login(client, "admin", "one-time-password")
    assert answer.headers["location"] == "/account/password"
    assert client.get("/api/v1/me").status_code == 401
    token = page_csrf_token(client, "/account/password")
    fields = {"current": "one-time-password", "csrf_token": token}
    mismatch = client.post("/account/password", data={**fields, "new": PASSWORD, "confirm": "x"})
    assert mismatch.status_code == 400 and "新しいパスワードが一致しません" in mismatch.text
    changed = client.post(
        "/account/password", data={**fields, "new": PASSWORD, "confirm": PASSWORD}
    )
    assert changed.headers["location"] == "/dashboard"
    assert client.get("/api/v1/me").json()["role"] == "admin"
    assert post_login(browser(client.app), "admin", "one-time-password").status_code == 401


def test_a_revoked_token_is_refused_at_its_next_request(real) -> None:
    client, authenticator = real
    _, clear = authenticator.accounts.create_token("node", cameras=["cam1"], name="gate")
    bearer = {"Authorization": f"Bearer {clear}"}
    assert client.get("/api/v1/me", headers=bearer).json()["kind"] == "token"
    assert client.get("/api/v1/me", headers=bearer).status_code == 200  # verified once, cached
    authenticator.accounts.revoke_token("gate")
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    forged = {"Authorization": f"Bearer {clear[:-2]}xx"}
    assert client.get("/api/v1/me", headers=forged).status_code == 401


def test_sign_in_and_out_are_audited_with_the_user(real) -> None:
    client, authenticator = real
    post_login(client, "aiko", "a wrong password")
    post_login(client, "typed-a-password-here", "a wrong password")
    client.post("/logout", headers=sign_in(client, "aiko"))
    entries = [
        (e.actor, e.action, e.subject)
        for e in authenticator.context.store.audit.entries()
        if e.action.startswith("auth.")
    ]
    assert entries == [
        ("public", "auth.sign_in_refused", "aiko"),
        ("public", "auth.sign_in_refused", "(unknown)"),
        ("user:aiko", "auth.sign_in", "aiko"),
        ("user:aiko", "auth.sign_out", "aiko"),
    ]


def test_cookies_drop_secure_only_when_the_settings_say_so(loaded, sqlite_server_store) -> None:
    from dataclasses import replace

    app, authenticator = store_app(loaded, sqlite_server_store)
    authenticator.context.settings = replace(authenticator.context.settings, secure_cookies=False)
    authenticator.accounts.add_user("aiko", "analyst", PASSWORD)
    client = browser(app)
    answer = post_login(client, "aiko", PASSWORD)
    cookies = answer.headers.get_list("set-cookie")
    assert cookies and all("secure" not in cookie.lower() for cookie in cookies)
    assert all("httponly" in cookie.lower() for cookie in cookies)
