"""Engines: SQLite by default (WAL, secure_delete, immediate write locks), PostgreSQL by URL.

>>> resolve_url("sqlite:///data/privacam.db", base_dir=Path("/srv/site"))
'sqlite:////srv/site/data/privacam.db'
>>> resolve_url("privacam.db", base_dir=Path("/srv/site"))
'sqlite:////srv/site/privacam.db'
>>> resolve_url("postgresql://u@db/privacam", base_dir=Path("/srv/site"))
'postgresql+psycopg://u@db/privacam'
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from privacam import secret_values
from privacam.errors import InputError

log = logging.getLogger(__name__)

#: Execution option that makes a SQLite transaction take the write lock at BEGIN, so two
#: writers queue instead of failing half-way with "database is locked".
WRITE = {"privacam_write": True}
_BUSY_TIMEOUT_MS = 30_000


def resolve_url(url: str, *, base_dir: Path | None = None) -> str:
    """A full SQLAlchemy URL: a plain path means SQLite, relative paths resolve against
    ``base_dir`` (the deployment file's folder), and PostgreSQL uses psycopg 3."""
    if "://" not in url:
        url = f"sqlite:///{url}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"store.url: {url!r} is not a database URL or a file path") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database).expanduser()
            if not path.is_absolute():
                path = (base_dir or Path.cwd()) / path
            parsed = parsed.set(database=str(path.resolve()))
    elif parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":  # no driver named: psycopg 3, our extra
            parsed = parsed.set(drivername="postgresql+psycopg")
    else:
        raise InputError(
            f"store.url: {parsed.get_backend_name()} is not supported; "
            "use a SQLite file path or a postgresql:// URL"
        )
    return parsed.render_as_string(hide_password=False)


def display_url(url: str | URL) -> str:
    """The URL with any password masked, for logs, messages and audit entries.

    Secrets are masked by value too, so a ``?password=${PG_PASSWORD}`` in the query
    string shows as its placeholder.
    """
    shown = make_url(url).render_as_string(hide_password=True)
    return secret_values.mask_query_secrets(secret_values.redact(shown))


def url_identity(url: str | URL) -> str:
    """The URL with its password and secret-named query values masked, like
    :func:`display_url` but without masking the secret values this process remembers:
    those depend on which files the process has read, so two processes (``serve`` and
    ``audit verify``) would name one database differently. This one is the same in all.
    """
    return secret_values.mask_query_secrets(make_url(url).render_as_string(hide_password=True))


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for a resolved URL (see :func:`resolve_url`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError as missing:
            raise InputError(
                f"store.url: PostgreSQL needs the {missing.name} driver; "
                "install it with `pip install 'privacam[postgres]'`"
            ) from None
    path = sqlite_path(parsed)
    if path is not None and not path.parent.is_dir():
        raise InputError(f"store.url: folder {path.parent} does not exist; create it first")
    if path is None:  # in memory: one connection shared, or every connection sees a new database
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    else:
        engine = create_engine(parsed, connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000})
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module (it would BEGIN lazily and
        # never for DDL), so that BEGIN below is the only one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a committed batch survives power loss
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten with zeros
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("privacam_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def checkpoint_truncate(engine: Engine) -> None:
    """Copy the WAL into the database file and truncate it to zero bytes (SQLite only).

    After a deletion the WAL still holds the deleted rows' old pages; this is what
    removes them from disk. A no-op on PostgreSQL.
    """
    if engine.dialect.name != "sqlite":
        return
    # On the raw connection: a checkpoint inside a transaction would count itself as a reader.
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        busy, _log_frames, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        raw.close()
    if busy:
        log.warning("WAL checkpoint was blocked by another reader; deleted pages may linger")
