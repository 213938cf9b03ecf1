"""Every route × every role, from the app's own route table: 401 or 403 wherever due.

A new route that declares no access (neither ``public()`` nor ``allow(...)``) fails
:func:`test_every_route_declares_who_may_call_it`; one that declares it but lets the
wrong caller through fails :func:`test_each_role_gets_401_or_403_exactly_where_due`,
under the tests' stand-in authenticator and under the real one (users signed in through
``/login``, and argon2-hashed tokens). Callers without a token carry the CSRF token their
page gave them, as a browser does: a refusal must come from the access check, not CSRF.
"""

from __future__ import annotations

import re

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec
from privacam.server.access import Role, allow, declared_access, public
from privacam.server.app import FRAMEWORK_PATHS, route_table
from privacam.store import Store
from tests.server.fakes import as_role
from tests.server.signin_helpers import PASSWORD, browser, page_csrf_token, sign_in, store_app

CALLERS = [None, *Role]


def api_routes(app: FastAPI) -> list[APIRoute]:
    return [route for route in route_table(app) if isinstance(route, APIRoute)]


def undeclared(app: FastAPI) -> list[str]:
    missing = [route.path for route in api_routes(app) if declared_access(route) is None]
    others = [
        getattr(route, "path", repr(route))
        for route in route_table(app)
        if not isinstance(route, APIRoute) and getattr(route, "path", "") not in FRAMEWORK_PATHS
    ]
    return missing + others


def test_every_route_declares_who_may_call_it(sqlite_client: TestClient) -> None:
    assert api_routes(sqlite_client.app), "the app has no routes at all"
    assert undeclared(sqlite_client.app) == []


def test_a_route_without_a_declaration_is_caught(sqlite_client: TestClient) -> None:
    app = sqlite_client.app
    router = APIRouter()
    router.add_api_route("/api/forgotten", lambda: {}, methods=["GET"])
    app.include_router(router)
    assert "/api/forgotten" in undeclared(app)


def test_a_route_declaring_twice_is_refused(sqlite_client: TestClient) -> None:
    route = APIRoute("/api/twice", lambda: {}, dependencies=[public(), allow(Role.ADMIN)])
    with pytest.raises(ValueError, match="declares its access 2 times"):
        declared_access(route)


def concrete_path(route: APIRoute) -> str:
    """The route's path with every parameter filled in (a value that parses as any type)."""
    return re.sub(r"\{[^}]+\}", "1", route.path)


def expected(route: APIRoute, caller: Role | None) -> int | None:
    """401/403 where the declaration says so; None where the access check lets the call in."""
    access = declared_access(route)
    assert access is not None
    if access.public:
        return None
    if caller is None:
        return 401
    return None if caller in access.roles else 403


#: Posts that may end the caller's session, in this order after all other calls, so that
#: those still see the caller signed in (a password change ends sessions, as does sign-out).
ENDS_SESSION = ("/account/password", "/logout")


def calls(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    every = [
        (method, concrete_path(route), route)
        for route in api_routes(app)
        for method in sorted(route.methods - {"HEAD", "OPTIONS"})
    ]

    def order(call: tuple[str, str, APIRoute]) -> int:
        method, path, _ = call
        return 1 + ENDS_SESSION.index(path) if method != "GET" and path in ENDS_SESSION else 0

    return sorted(every, key=order)


def wrong_answers(callers: dict[Role | None, tuple[TestClient, dict[str, str]]]) -> list[str]:
    """Every route × caller whose 401/403 differs from what the route declares."""
    wrong = []
    app = next(iter(callers.values()))[0].app
    for method, path, route in calls(app):
        for caller, (client, headers) in callers.items():
            status = client.request(method, path, headers=headers).status_code
            due = expected(route, caller)
            got = status if status in (401, 403) else None
            if got != due:
                wrong.append(f"{method} {path} as {caller or 'nobody'}: {status}, due {due}")
    return wrong


def test_each_role_gets_401_or_403_exactly_where_due(sqlite_client: TestClient) -> None:
    visitor = {"X-CSRF-Token": page_csrf_token(sqlite_client)}
    callers = {
        caller: (sqlite_client, as_role(caller) if caller else visitor) for caller in CALLERS
    }
    assert wrong_answers(callers) == []


def test_each_real_user_and_token_gets_401_or_403_exactly_where_due(
    loaded: LoadedSpec, sqlite_server_store: Store
) -> None:
    app, authenticator = store_app(loaded, sqlite_server_store)
    nobody = browser(app)
    users = {}
    for role in (Role.ADMIN, Role.ANALYST, Role.PRIVACY_OFFICER):
        authenticator.accounts.add_user(f"user-{role.value}", role.value, PASSWORD)
        client = browser(app)
        users[role] = (client, sign_in(client, f"user-{role.value}"))
    assert wrong_answers({None: (nobody, {"X-CSRF-Token": page_csrf_token(nobody)}), **users}) == []
    tokens = {}
    for role in Role:
        _, clear = authenticator.accounts.create_token(role.value)
        tokens[role] = (browser(app), {"Authorization": f"Bearer {clear}"})
    assert wrong_answers(tokens) == []
