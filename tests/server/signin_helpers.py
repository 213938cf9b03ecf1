"""Test helpers for the real sign-in: a client over :class:`StoreAuthenticator`, the CSRF
token a page carries, and signing in through ``POST /login`` as a browser does.

argon2 runs with cheap parameters here (``CHEAP_HASHER``): the tests are about who gets
in, not about how slow a guess is; ``privacam serve`` and the CLI use argon2's defaults.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec
from privacam.server.app import create_app
from privacam.server.auth import StoreAuthenticator
from privacam.server.context import ServerContext, ServerSettings
from privacam.store import Store

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def store_app(loaded: LoadedSpec, store: Store, **authenticator_options):
    """The app over the real authenticator (cheap argon2 unless told otherwise)."""
    context = ServerContext(loaded=loaded, store=store, settings=ServerSettings())
    authenticator_options.setdefault("hasher", CHEAP_HASHER)
    authenticator = StoreAuthenticator(context, **authenticator_options)
    return create_app(context, authenticator), authenticator


def browser(app) -> TestClient:
    """A client with its own cookie jar, as one browser; redirects are not followed."""
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def page_csrf_token(client: TestClient, path: str = "/login") -> str:
    """The CSRF token the page at ``path`` puts in its forms, for this client's cookies."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    found = _TOKEN.search(page.text)
    assert found, f"{path} has no csrf_token field"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> dict[str, str]:
    """Sign in through the form; returns the header that carries the session's CSRF token."""
    token = page_csrf_token(client)
    answer = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
    assert answer.status_code == 303, answer.text
    return {"X-CSRF-Token": page_csrf_token(client, "/account/password")}
