"""Browser sessions of the server's users: a random id in a cookie, a row found by its hash.

A session ends at the first of: its absolute expiry (``lifetime`` after sign-in), its idle
expiry (``idle`` after the last request, slid forward as it is used), sign-out, a new
password, or the user's removal. Each carries its own CSRF secret
(:mod:`privacam.server.csrf`). Only the SHA-256 of the id is stored: someone who reads
the database cannot sign in with what they read.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from privacam.store.account_tables import sessions, users
from privacam.store.accounts import User, _user, utc_now
from privacam.store.store import Store

IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)
#: How far the idle expiry may lag: a busy page writes its session at most once a minute.
SLIDE_RESOLUTION = timedelta(minutes=1)


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    user: User
    created_at: datetime
    expires_at: datetime
    idle_expires_at: datetime
    csrf_secret: str


class Sessions:
    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = utc_now,
        idle: timedelta = IDLE,
        lifetime: timedelta = LIFETIME,
    ) -> None:
        self.store = store
        self.clock = clock
        self.idle = idle
        self.lifetime = lifetime

    def start(self, user_name: str) -> str:
        """A new session for ``user_name``; returns its id (the cookie value, never stored).
        Sessions that have expired anyone's are deleted on the way."""
        now = self.clock()
        session_id = secrets.token_urlsafe(32)
        with self.store.transaction() as tx:
            tx.connection.execute(
                delete(sessions).where(
                    or_(sessions.c.expires_at <= now, sessions.c.idle_expires_at <= now)
                )
            )
            tx.connection.execute(
                sessions.insert().values(
                    id_hash=id_hash(session_id),
                    user_name=user_name,
                    created_at=now,
                    expires_at=now + self.lifetime,
                    idle_expires_at=min(now + self.idle, now + self.lifetime),
                    csrf_secret=secrets.token_urlsafe(32),
                )
            )
        return session_id

    def find(self, session_id: str) -> Session | None:
        """The live session of that id, its idle expiry slid forward; ``None`` if it has
        expired, ended, or its user was removed."""
        now = self.clock()
        query = (
            select(sessions, users)
            .join(users, users.c.name == sessions.c.user_name)
            .where(sessions.c.id_hash == id_hash(session_id))
        )
        with self.store.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None or row["disabled_at"] is not None:
            return None
        if now >= row["expires_at"] or now >= row["idle_expires_at"]:
            return None
        idle_expires_at = min(now + self.idle, row["expires_at"])
        if idle_expires_at - row["idle_expires_at"] >= SLIDE_RESOLUTION:
            with self.store.transaction() as tx:
                tx.connection.execute(
                    update(sessions)
                    .where(sessions.c.id_hash == id_hash(session_id))
                    .values(idle_expires_at=idle_expires_at)
                )
        else:
            idle_expires_at = row["idle_expires_at"]
        return Session(
            user=_user(row),
            created_at=row["created_at"],
            expires_at=row["expires_at"],
            idle_expires_at=idle_expires_at,
            csrf_secret=row["csrf_secret"],
        )

    def end(self, session_id: str) -> bool:
        with self.store.transaction() as tx:
            ended = tx.connection.execute(
                delete(sessions).where(sessions.c.id_hash == id_hash(session_id))
            ).rowcount
        return bool(ended)
