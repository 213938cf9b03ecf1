"""A stand-in authenticator for server tests: a bearer token per test principal.

The real one (sessions, argon2-hashed tokens) is :mod:`privacam.server.auth`; tests of
pages and the API that are not about signing in use this, so that they can call a route
as any role with one header: ``client.get(url, headers=as_role(Role.ANALYST))``.
"""

from __future__ import annotations

from fastapi import Request

from privacam.server.access import Principal, Role


class FixedAuthenticator:
    """Bearer ``test-<name>`` → that principal; anything else → nobody."""

    def __init__(self, principals: list[Principal] | None = None) -> None:
        everyone = principals or [Principal(name=role.value, role=role) for role in Role]
        self.by_token = {f"test-{who.name}": who for who in everyone}

    def principal(self, request: Request) -> Principal | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return self.by_token.get(token) if scheme.lower() == "bearer" else None


def as_role(role: Role) -> dict[str, str]:
    """The header that signs a request in as the test principal named after ``role``."""
    return {"Authorization": f"Bearer test-{role.value}"}
