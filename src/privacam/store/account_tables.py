"""The tables of the server's accounts: users, API tokens and browser sessions (migration 0008).

They sit on the same :data:`privacam.store.tables.metadata` as the record tables, so the
migrations and their test see them; :mod:`privacam.store.tables` imports this module at its
end. No column holds a secret in clear: passwords and token secrets are argon2 hashes,
a session is found by the SHA-256 of its random id (a cookie value of 256 random bits
needs no slow hash; a password does). Operations are in :mod:`privacam.store.accounts`.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, String, Table, Text, false

from privacam.store.tables import metadata
from privacam.store.types import UTCDateTime

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    # The analyst's per-camera scope: a list of camera ids; NULL means every camera.
    Column("cameras", JSON, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # A removed user stays as a disabled row, so that `user:<name>` in the audit chain
    # keeps naming one person: the name cannot be given to someone else later.
    Column("disabled_at", UTCDateTime, nullable=True),
    # Set for the one-time admin password of `privacam serve`: the first sign-in must
    # choose a new password before anything else.
    Column("must_change_password", Boolean, nullable=False, server_default=false()),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("cameras", JSON, nullable=True),
    Column("secret_hash", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_name", String(64), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("idle_expires_at", UTCDateTime, nullable=False),
    Column("csrf_secret", String(64), nullable=False),
)

#: The names of the tables above: they hold no record kind.
ACCOUNT_TABLES = frozenset({"users", "api_tokens", "sessions"})
