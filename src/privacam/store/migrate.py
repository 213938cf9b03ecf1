"""Schema migrations with Alembic, run programmatically when a store opens.

The revisions live in ``migrations/versions`` inside the package. To write a new
one after changing :mod:`privacam.store.tables`::

    python -c "from privacam.store.migrate import revision; revision('add x', 'sqlite:///dev.db')"

then review the generated file; ``tests/store/test_migrations.py`` fails while
the migrated schema and the tables differ.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from privacam.store.engine import WRITE

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant: PostgreSQL sessions that migrate the same database queue on it.
_PG_MIGRATION_LOCK = 0x70726976


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to the newest revision (or to ``revision``, for tests of a
    migration), in one transaction (no half-migrated schema); concurrent openers wait
    for each other."""
    target = head_revision() if revision == "head" else revision
    with engine.connect().execution_options(**WRITE) as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        if current_revision(connection) == target:
            return
        log.info("migrating the store to revision %s", target)
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def revision(message: str, url: str) -> None:
    """Autogenerate a new revision against a database at head (developer tool)."""
    from privacam.store.engine import make_engine

    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
