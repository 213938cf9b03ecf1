"""Who may call a route: roles, principals, and the one declaration every route makes.

A route says either :func:`public` (no sign-in: the notice, the congestion feed, the
request form) or :func:`allow` with the roles that may call it. Both are FastAPI
dependencies; both leave a mark on the route (:func:`declared_access`) so that
``tests/server/test_route_roles.py`` can refuse a route that declares nothing.

Who is calling is the :class:`Authenticator`'s business (sessions and tokens, in
:mod:`privacam.server.auth`); this module only decides allowed or not:

- no principal → 401 (sign in first);
- a principal whose role is not allowed → 403;
- an ``analyst`` scoped to some cameras asking for another camera → 403
  (:meth:`Principal.may_see_camera`, checked by the routes that take a camera).

>>> analyst = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam1"}))
>>> analyst.may_see_camera("cam1"), analyst.may_see_camera("cam2")
(True, False)
>>> Principal(name="root", role=Role.ADMIN).may_see_camera("cam2")
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from fastapi import Depends, HTTPException, Request, status
from fastapi.routing import APIRoute

from privacam.server.limits import enforce_public_rate


class Role(StrEnum):
    """The four roles of the issue: what each may see is the route's declaration."""

    ADMIN = "admin"  # users, tokens, cameras
    ANALYST = "analyst"  # aggregates only: never personal data or identifiers
    PRIVACY_OFFICER = "privacy_officer"  # rights requests, incidents, audit, what is held
    NODE = "node"  # an edge node: push only


@dataclass(frozen=True)
class Principal:
    """A signed-in user or a token's holder.

    ``cameras`` is the per-camera scope: ``None`` means every camera.
    """

    name: str
    role: Role
    cameras: frozenset[str] | None = None
    #: "user" (a browser session) or "token" (an API bearer token).
    kind: str = "user"

    def may_see_camera(self, camera_id: str) -> bool:
        return self.cameras is None or camera_id in self.cameras


class Authenticator(Protocol):
    """Finds who is calling: a session cookie or a bearer token; ``None`` when nobody."""

    def principal(self, request: Request) -> Principal | None: ...


@dataclass(frozen=True)
class Access:
    """What a route declared: public, or the roles allowed."""

    public: bool
    roles: frozenset[Role] = frozenset()


ACCESS_ATTRIBUTE = "__privacam_access__"


def current_principal(request: Request) -> Principal | None:
    """The caller as the app's authenticator sees it (``None`` when not signed in)."""
    authenticator: Authenticator = request.app.state.authenticator
    return authenticator.principal(request)


def allow(*roles: Role) -> Any:
    """A dependency: the caller must be signed in with one of ``roles``; yields the Principal.

    Use it as a parameter, ``who: Principal = allow(Role.ANALYST)``, or in
    ``dependencies=[allow(...)]``.
    """
    if not roles:
        raise ValueError("allow() needs at least one role; use public() for no sign-in")
    allowed = frozenset(roles)

    def check(request: Request) -> Principal:
        who = current_principal(request)
        if who is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "sign in first / サインインしてください",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if who.role not in allowed:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"role {who.role.value} may not do this / この操作は許可されていません",
            )
        request.state.principal = who
        return who

    setattr(check, ACCESS_ATTRIBUTE, Access(public=False, roles=allowed))
    return Depends(check)


def public() -> Any:
    """A dependency that declares a route open to everyone (rate and size limits still apply:
    the per-client rate limit of :mod:`privacam.server.limits` is taken here)."""

    def open_to_all(request: Request) -> Principal | None:
        enforce_public_rate(request)
        return current_principal(request)

    setattr(open_to_all, ACCESS_ATTRIBUTE, Access(public=True))
    return Depends(open_to_all)


def declared_access(route: APIRoute) -> Access | None:
    """The access a route declared, found in its dependency tree; ``None`` if it declared none.

    Two declarations on one route are an error: which one would hold is not obvious.
    """
    found: list[Access] = []

    def walk(dependant: Any) -> None:
        for sub in dependant.dependencies:
            access = getattr(sub.call, ACCESS_ATTRIBUTE, None)
            if access is not None:
                found.append(access)
            walk(sub)

    walk(route.dependant)
    if len(found) > 1:
        raise ValueError(f"route {route.path} declares its access {len(found)} times")
    return found[0] if found else None


def camera_in_scope(who: Principal, camera_id: str) -> None:
    """403 unless ``who`` may see ``camera_id`` (the analyst's per-camera scope)."""
    if not who.may_see_camera(camera_id):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"camera {camera_id} is outside your scope / このカメラは閲覧範囲外です",
        )


CheckFunction = Callable[[Request], Principal | None]
