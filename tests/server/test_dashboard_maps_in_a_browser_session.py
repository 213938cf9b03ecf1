"""The map, held and audit pages through the real sign-in: a session, CSRF on the verify form,
and pages the strict Content-Security-Policy allows (no inline script or style)."""

from __future__ import annotations

import re

import pytest

from privacam.store import Store
from tests.server.signin_helpers import PASSWORD, browser, page_csrf_token, store_app

PAGES = ["/dashboard/heatmap", "/dashboard/crowd", "/dashboard/held", "/dashboard/audit"]


@pytest.fixture
def officer(loaded, sqlite_server_store: Store):
    app, authenticator = store_app(loaded, sqlite_server_store)
    authenticator.accounts.add_user("hana", "privacy_officer", PASSWORD)
    client = browser(app)
    token = page_csrf_token(client)
    answer = client.post("/login", data={"name": "hana", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 303
    return client, sqlite_server_store


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_carry_no_inline_script_or_style_for_the_strict_csp(officer, path) -> None:
    client, _ = officer
    page = client.get(path)
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file
    assert not re.search(r"<[^>]+\sstyle\s*=", html) and "<style" not in html
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html)  # no onclick= and the like


def test_the_verify_form_posts_with_the_sessions_csrf_token_and_names_the_user(officer) -> None:
    client, store = officer
    token = page_csrf_token(client, "/dashboard/audit")
    refused = client.post("/dashboard/audit/verify")
    assert refused.status_code == 403  # no token: another site's form
    page = client.post("/dashboard/audit/verify", data={"csrf_token": token})
    assert page.status_code == 200 and 'data-ok="true"' in page.text
    last = list(store.audit.entries())[-1]
    assert (last.action, last.actor) == ("audit.verify", "user:hana")
