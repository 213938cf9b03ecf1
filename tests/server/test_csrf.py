"""CSRF: an unsafe request without the page's token is refused (403), with it accepted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec
from privacam.server.access import Role, allow
from privacam.server.auth import SESSION_COOKIE, StoreAuthenticator
from privacam.server.csrf import VISITOR_COOKIE
from privacam.store import Store
from tests.server.signin_helpers import PASSWORD, browser, page_csrf_token, sign_in, store_app

ADMIN_ONLY = allow(Role.ADMIN)


@pytest.fixture
def real(
    loaded: LoadedSpec, sqlite_server_store: Store
) -> Iterator[tuple[TestClient, StoreAuthenticator]]:
    app, authenticator = store_app(loaded, sqlite_server_store)
    changes = APIRouter()

    @changes.post("/api/test/change", dependencies=[ADMIN_ONLY])
    def change() -> dict[str, str]:
        return {"changed": "yes"}

    app.include_router(changes)
    authenticator.accounts.add_user("root", "admin", PASSWORD)
    with browser(app) as client:
        yield client, authenticator


def test_a_cross_site_post_without_the_token_is_refused(real) -> None:
    client, _ = real
    sign_in(client, "root")
    refused = client.post("/api/test/change")  # the session cookie rides along, no token
    assert refused.status_code == 403
    assert "別のサイトから送信されました" in refused.json()["detail"]
    assert "sent from another site" in refused.json()["detail"]
    forged = client.post("/api/test/change", headers={"X-CSRF-Token": "guessed"})
    assert forged.status_code == 403


def test_a_post_with_the_session_token_in_header_or_form_field_is_accepted(real) -> None:
    client, _ = real
    headers = sign_in(client, "root")
    assert client.post("/api/test/change", headers=headers).json() == {"changed": "yes"}
    form = {"csrf_token": headers["X-CSRF-Token"]}
    assert client.post("/api/test/change", data=form).json() == {"changed": "yes"}
    multipart = client.post(
        "/api/test/change", data=form, files={"photo": ("a.jpg", b"\xff\xd8" + b"0" * 4096)}
    )
    assert multipart.json() == {"changed": "yes"}


def test_a_public_form_without_a_session_needs_the_signed_visitor_token(real) -> None:
    client, _ = real
    fields = {"name": "root", "password": PASSWORD}
    assert client.post("/login", data=fields).status_code == 403
    token = page_csrf_token(client)
    signed = client.cookies[VISITOR_COOKIE]
    forged = browser(client.app)  # a cookie the server's key did not sign, with its nonce
    forged.cookies.set(VISITOR_COOKIE, f"{token}.{'0' * 64}")
    assert forged.post("/login", data={**fields, "csrf_token": token}).status_code == 403
    assert signed.startswith(token + ".")
    assert client.post("/login", data={**fields, "csrf_token": token}).status_code == 303


def test_a_bearer_token_call_needs_no_csrf_token(real) -> None:
    client, authenticator = real
    _, clear = authenticator.accounts.create_token("admin", name="script")
    answer = client.post("/api/test/change", headers={"Authorization": f"Bearer {clear}"})
    assert answer.json() == {"changed": "yes"}


def test_an_anonymous_post_to_a_route_needing_sign_in_gets_401(real) -> None:
    client, _ = real
    assert client.post("/api/test/change").status_code == 401


def test_a_refused_page_form_gets_a_rendered_bilingual_page(real) -> None:
    client, _ = real
    sign_in(client, "root")
    page = client.post("/logout", headers={"Accept": "text/html"})
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert "別のサイトから送信されました" in page.text
    assert client.get("/api/v1/me").status_code == 200  # the refused sign-out did nothing
    assert SESSION_COOKIE in client.cookies


def test_a_too_large_form_is_refused(loaded: LoadedSpec, sqlite_server_store: Store) -> None:
    app, _ = store_app(loaded, sqlite_server_store)
    client = browser(app)
    huge = {"name": "x", "password": "y" * (17 * 1024 * 1024)}
    assert client.post("/login", data=huge).status_code == 413


def test_every_form_of_the_sign_in_pages_carries_the_token(real) -> None:
    client, _ = real
    sign_in(client, "root")
    for path in ("/login", "/account/password"):
        page = client.get(path).text
        assert page.count("<form") == page.count('name="csrf_token"') >= 1


def test_every_page_names_its_token_for_htmx_requests(real) -> None:
    client, _ = real
    headers = sign_in(client, "root")
    page = client.get("/account/password").text
    assert f'<meta name="csrf-token" content="{headers["X-CSRF-Token"]}">' in page
    assert 'src="/static/csrf.js"' in page or "/static/csrf.js" in page
    assert "X-CSRF-Token" in client.get("/static/csrf.js").text


def test_a_page_for_a_bearer_caller_renders_without_a_token(sqlite_client) -> None:
    page = sqlite_client.get("/login", headers={"Authorization": "Bearer test-admin"})
    assert page.status_code == 200 and '<meta name="csrf-token" content="">' in page.text
