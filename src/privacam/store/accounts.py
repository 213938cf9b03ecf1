"""The server's users and API tokens: add, remove, list, check; every change audited.

Passwords and token secrets are hashed with argon2 (``argon2-cffi``) and never kept or
logged in clear; a token's clear text is returned once, by :meth:`Accounts.create_token`.
A token reads ``pcm.<name>.<secret>``: the name finds its row, the secret is verified
against the row's argon2 hash. Roles are the server's (``privacam.server.access.Role``),
spelled here as strings because the store sits below the server.

>>> import tempfile, os
>>> from argon2 import PasswordHasher
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> from privacam.store import Store
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
>>> accounts.add_user("aiko", "analyst", "correct horse battery", cameras=["cam1"]).cameras
('cam1',)
>>> accounts.check_password("aiko", "wrong password!!") is None
True
>>> accounts.check_password("aiko", "correct horse battery").role
'analyst'
>>> token, secret = accounts.create_token("node", cameras=["cam1"], name="gate")
>>> secret.startswith("pcm.gate."), accounts.check_token(secret).name
(True, 'gate')
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from privacam.errors import InputError
from privacam.store.account_tables import api_tokens, sessions, users
from privacam.store.store import Store

#: The server's roles (``privacam.server.access.Role`` values).
ROLES = ("admin", "analyst", "privacy_officer", "node")
#: Roles a camera scope applies to: analysts see aggregates of some cameras, a node
#: pushes for its own cameras. An admin or privacy officer sees everything by duty.
SCOPED_ROLES = frozenset({"analyst", "node"})
#: Users are people; a node is a machine and signs in with a token.
USER_ROLES = ("admin", "analyst", "privacy_officer")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "pcm"
#: How stale ``last_used_at`` may get: a token used every second writes once a minute.
LAST_USED_RESOLUTION = timedelta(minutes=1)
#: A disabled user's hash: no argon2 string, so no password verifies against it.
NO_PASSWORD = "!disabled"


def utc_now() -> datetime:
    return datetime.now(UTC)


class AccountError(InputError):
    """A refused account change: bad name or role, duplicate, unknown user or token."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    cameras: tuple[str, ...] | None
    created_at: datetime
    disabled_at: datetime | None
    must_change_password: bool


@dataclass(frozen=True)
class ApiToken:
    name: str
    role: str
    cameras: tuple[str, ...] | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _cameras(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _user(row: Mapping[str, Any]) -> User:
    return User(
        name=row["name"],
        role=row["role"],
        cameras=_cameras(row["cameras"]),
        created_at=row["created_at"],
        disabled_at=row["disabled_at"],
        must_change_password=bool(row["must_change_password"]),
    )


def _token(row: Mapping[str, Any]) -> ApiToken:
    return ApiToken(
        name=row["name"],
        role=row["role"],
        cameras=_cameras(row["cameras"]),
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


def check_name(kind: str, name: str) -> str:
    if not NAME.match(name):
        raise AccountError(
            f"{kind}名 {name!r} は使えません（英数字・-・_ で 64 文字まで） / {kind} name "
            f"{name!r} is not allowed: use up to 64 letters, digits, - and _"
        )
    return name


def check_role(role: str, allowed: Iterable[str] = ROLES) -> str:
    allowed = tuple(allowed)
    if role not in allowed:
        raise AccountError(
            f"ロール {role!r} はありません（{', '.join(allowed)}） / unknown role {role!r}; "
            f"use one of: {', '.join(allowed)}"
        )
    return role


def check_scope(role: str, cameras: Iterable[str] | None) -> list[str] | None:
    """The camera scope as stored: ``None`` (every camera) or a sorted, non-empty list."""
    if not cameras:
        return None
    if role not in SCOPED_ROLES:
        raise AccountError(
            f"カメラの範囲は analyst と node だけに指定できます / a camera scope applies to the "
            f"analyst and node roles only, not to {role}"
        )
    return sorted(set(cameras))


def check_password_strength(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"パスワードは {MIN_PASSWORD_LENGTH} 文字以上にしてください / a password needs at "
            f"least {MIN_PASSWORD_LENGTH} characters"
        )
    return password


class Accounts:
    """Users and API tokens in one store. ``actor`` of each change is what the audit
    chain names (``None``: the operating-system user, as for other CLI commands)."""

    def __init__(
        self,
        store: Store,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.hasher = hasher or PasswordHasher()
        self.clock = clock

    @cached_property
    def _decoy(self) -> str:
        """Verified against when a name is unknown, so that the answer takes as long as for
        a known name with a wrong password (no user enumeration by timing). Made when
        first needed: a CLI command that checks nothing need not pay for it."""
        return self.hasher.hash(secrets.token_urlsafe(16))

    # ------------------------------------------------------------------ users

    def add_user(
        self,
        name: str,
        role: str,
        password: str,
        *,
        cameras: Iterable[str] | None = None,
        must_change_password: bool = False,
        actor: str | None = None,
    ) -> User:
        check_name("ユーザー / user", name)
        if role == "node":
            raise AccountError(
                "ノードはユーザーではなくトークンで接続します: privacam tokens create --role node / "
                "a node is no user: give it a token with `privacam tokens create --role node`"
            )
        check_role(role, USER_ROLES)
        scope = check_scope(role, cameras)
        check_password_strength(password)
        row = {
            "name": name,
            "role": role,
            "password_hash": self.hasher.hash(password),
            "cameras": scope,
            "created_at": self.clock(),
            "disabled_at": None,
            "must_change_password": must_change_password,
        }
        with self.store.transaction() as tx:
            if tx.connection.execute(select(users.c.name).where(users.c.name == name)).first():
                raise AccountError(
                    f"ユーザー {name} はすでにあります（削除済みの名前も再利用できません） / user "
                    f"{name} already exists (a removed user's name is not given out again)"
                )
            tx.connection.execute(users.insert().values(**row))
            tx.audit("user.add", name, {"role": role, "cameras": scope}, actor=actor)
        return _user(row)

    def remove_user(self, name: str, *, actor: str | None = None) -> None:
        """Disable the user (the row stays so the audit chain's name stays theirs) and end
        their sessions."""
        with self.store.transaction() as tx:
            found = tx.connection.execute(
                update(users)
                .where(users.c.name == name, users.c.disabled_at.is_(None))
                .values(disabled_at=self.clock(), password_hash=NO_PASSWORD)
            ).rowcount
            if not found:
                raise AccountError(f"ユーザー {name} はいません / no active user {name}")
            tx.connection.execute(sessions.delete().where(sessions.c.user_name == name))
            tx.audit("user.remove", name, {}, actor=actor)

    def users(self) -> list[User]:
        with self.store.engine.connect() as connection:
            rows = connection.execute(select(users).order_by(users.c.name)).mappings()
            return [_user(row) for row in rows]

    def user(self, name: str) -> User | None:
        with self.store.engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.name == name)).mappings().first()
        return None if row is None else _user(row)

    def has_admin(self) -> bool:
        return any(u.role == "admin" and u.disabled_at is None for u in self.users())

    def check_password(self, name: str, password: str) -> User | None:
        """The active user ``name`` if ``password`` is theirs, else ``None`` (never says
        which of the two was wrong)."""
        with self.store.engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.name == name)).mappings().first()
        if row is None or row["disabled_at"] is not None:
            self.verify_secret(self._decoy, password)
            return None
        return _user(row) if self.verify_secret(row["password_hash"], password) else None

    def set_password(self, name: str, password: str, *, actor: str | None = None) -> None:
        """A new password; clears the one-time flag and ends every session of the user."""
        check_password_strength(password)
        with self.store.transaction() as tx:
            found = tx.connection.execute(
                update(users)
                .where(users.c.name == name, users.c.disabled_at.is_(None))
                .values(password_hash=self.hasher.hash(password), must_change_password=False)
            ).rowcount
            if not found:
                raise AccountError(f"ユーザー {name} はいません / no active user {name}")
            tx.connection.execute(sessions.delete().where(sessions.c.user_name == name))
            tx.audit("user.password", name, {}, actor=actor)

    def verify_secret(self, hashed: str, secret: str) -> bool:
        """Does ``secret`` match the argon2 ``hashed``? (False for a malformed hash.)"""
        try:
            return self.hasher.verify(hashed, secret)
        except (VerificationError, InvalidHashError):
            return False

    # ------------------------------------------------------------------ tokens

    def create_token(
        self,
        role: str,
        *,
        cameras: Iterable[str] | None = None,
        name: str | None = None,
        actor: str | None = None,
    ) -> tuple[ApiToken, str]:
        """A new token and its clear text, which is shown once and never stored."""
        check_role(role)
        scope = check_scope(role, cameras)
        if name is None:
            where = "-".join(scope) if scope and len(scope) <= 2 else "all"
            name = f"{role}-{where}-{secrets.token_hex(3)}"[-64:].lstrip("-_")
        check_name("トークン / token", name)
        secret = secrets.token_urlsafe(32)
        row = {
            "name": name,
            "role": role,
            "cameras": scope,
            "secret_hash": self.hasher.hash(secret),
            "created_at": self.clock(),
            "last_used_at": None,
            "revoked_at": None,
        }
        with self.store.transaction() as tx:
            taken = select(api_tokens.c.name).where(api_tokens.c.name == name)
            if tx.connection.execute(taken).first():
                raise AccountError(
                    f"トークン {name} はすでにあります / token {name} already exists"
                )
            tx.connection.execute(api_tokens.insert().values(**row))
            tx.audit("token.create", name, {"role": role, "cameras": scope}, actor=actor)
        return _token(row), f"{TOKEN_PREFIX}.{name}.{secret}"

    def tokens(self) -> list[ApiToken]:
        with self.store.engine.connect() as connection:
            rows = connection.execute(select(api_tokens).order_by(api_tokens.c.name)).mappings()
            return [_token(row) for row in rows]

    def revoke_token(self, name: str, *, actor: str | None = None) -> None:
        with self.store.transaction() as tx:
            found = tx.connection.execute(
                update(api_tokens)
                .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=self.clock())
            ).rowcount
            if not found:
                raise AccountError(f"有効なトークン {name} はありません / no live token {name}")
            tx.audit("token.revoke", name, {}, actor=actor)

    def token_named(self, name: str) -> tuple[ApiToken, str] | None:
        """A live (unrevoked) token's row and its secret's hash, by name."""
        query = select(api_tokens).where(
            api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None)
        )
        with self.store.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        return None if row is None else (_token(row), row["secret_hash"])

    def check_token(self, token: str) -> ApiToken | None:
        """The live token whose clear text is ``token`` (argon2-verified), else ``None``."""
        name, secret = split_token(token)
        found = self.token_named(name) if name else None
        if found is None:
            self.verify_secret(self._decoy, secret)
            return None
        row, hashed = found
        return row if self.verify_secret(hashed, secret) else None

    def token_used(self, token: ApiToken) -> None:
        """Note the token's use; at most once per :data:`LAST_USED_RESOLUTION`."""
        now = self.clock()
        if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
            return
        with self.store.transaction() as tx:
            tx.connection.execute(
                update(api_tokens).where(api_tokens.c.name == token.name).values(last_used_at=now)
            )


def split_token(token: str) -> tuple[str, str]:
    """``pcm.<name>.<secret>`` → (name, secret); ("", token) when it is not that shape.

    >>> split_token("pcm.gate.abc"), split_token("nonsense")
    (('gate', 'abc'), ('', 'nonsense'))
    """
    prefix, _, rest = token.partition(".")
    name, _, secret = rest.partition(".")
    if prefix != TOKEN_PREFIX or not NAME.match(name) or not secret:
        return "", token
    return name, secret
