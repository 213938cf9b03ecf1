"""Who is calling, from the store's accounts: a session cookie or a bearer token.

:class:`StoreAuthenticator` implements the contract's
:class:`~privacam.server.access.Authenticator`:

- ``Authorization: Bearer pcm.<name>.<secret>``: an API token (``privacam tokens create``),
  argon2-verified; a revoked token stops working at its next request;
- else the ``privacam_session`` cookie: a random id whose hash finds a server-side session
  row (:mod:`privacam.store.sessions`), with idle and absolute expiry.

A user whose password is the one-time one of ``privacam serve`` has a session but is no
principal until they choose a new password (``/account/password``): every route that
needs a role answers 401 for them.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from fastapi import Request, Response

from privacam.server.access import Principal, Role
from privacam.server.context import ServerContext
from privacam.server.signin_limits import SignInLimiter
from privacam.store.accounts import Accounts, ApiToken, split_token
from privacam.store.sessions import IDLE, LIFETIME, Session, Sessions

SESSION_COOKIE = "privacam_session"
_SESSION_STATE = "privacam_session"
_PRINCIPAL_STATE = "privacam_principal"
_MISSING = object()


def _scope(cameras: tuple[str, ...] | None) -> frozenset[str] | None:
    return None if cameras is None else frozenset(cameras)


class StoreAuthenticator:
    """Sessions and tokens from ``context.store``; times from ``context.clock``."""

    def __init__(
        self,
        context: ServerContext,
        *,
        hasher: PasswordHasher | None = None,
        idle: timedelta = IDLE,
        lifetime: timedelta = LIFETIME,
        limiter: SignInLimiter | None = None,
    ) -> None:
        self.context = context

        def clock() -> Any:  # read at each call: tests move context.clock by hand
            return context.clock()

        self.accounts = Accounts(context.store, hasher=hasher, clock=clock)
        self.sessions = Sessions(context.store, clock=clock, idle=idle, lifetime=lifetime)
        self.limiter = limiter or SignInLimiter(clock=clock)
        # argon2 takes tens of milliseconds by design; a node pushing every few seconds
        # would pay it each time. A token already verified is recognised by the SHA-256 of
        # its clear text; its row (revoked or not) is still read at every request.
        self._verified: dict[str, str] = {}

    # ------------------------------------------------------------------ the contract

    def principal(self, request: Request) -> Principal | None:
        cached = getattr(request.state, _PRINCIPAL_STATE, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            who = self._token_principal(credentials.strip())
        else:
            session = self.session(request)
            who = None
            if session is not None and not session.user.must_change_password:
                user = session.user
                who = Principal(name=user.name, role=Role(user.role), cameras=_scope(user.cameras))
        setattr(request.state, _PRINCIPAL_STATE, who)
        return who

    # ------------------------------------------------------------------ sessions

    def session(self, request: Request) -> Session | None:
        """The request's live session, also one that must first change its password."""
        cached = getattr(request.state, _SESSION_STATE, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        session_id = request.cookies.get(SESSION_COOKIE)
        session = self.sessions.find(session_id) if session_id else None
        setattr(request.state, _SESSION_STATE, session)
        return session

    def start_session(self, response: Response, user_name: str) -> None:
        session_id = self.sessions.start(user_name)
        response.set_cookie(
            SESSION_COOKIE,
            session_id,
            max_age=int(self.sessions.lifetime.total_seconds()),
            path="/",
            secure=self.context.settings.secure_cookies,
            httponly=True,
            samesite="strict",
        )

    def end_session(self, request: Request, response: Response) -> bool:
        session_id = request.cookies.get(SESSION_COOKIE)
        ended = self.sessions.end(session_id) if session_id else False
        response.delete_cookie(
            SESSION_COOKIE,
            path="/",
            secure=self.context.settings.secure_cookies,
            httponly=True,
            samesite="strict",
        )
        return ended

    # ------------------------------------------------------------------ tokens

    def _token_principal(self, token: str) -> Principal | None:
        name, secret = split_token(token)
        found = self.accounts.token_named(name) if name else None
        if found is None:
            return None
        row, hashed = found
        digest = hashlib.sha256(token.encode()).hexdigest()
        if self._verified.get(row.name) != digest:
            if not self.accounts.verify_secret(hashed, secret):
                return None
            self._verified[row.name] = digest
        self.accounts.token_used(row)
        return _token_principal(row)


def _token_principal(token: ApiToken) -> Principal:
    return Principal(
        name=token.name, role=Role(token.role), cameras=_scope(token.cameras), kind="token"
    )
