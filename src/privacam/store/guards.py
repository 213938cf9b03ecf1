"""The audit log's append-only guard: database triggers that refuse UPDATE and DELETE.

Whoever can drop these triggers can still edit rows, which is why each entry also
carries an HMAC keyed outside the database (:mod:`privacam.store.audit`). The
triggers are made by the first migration; the store puts back any that are missing
or disabled whenever it opens (:func:`restore_append_only`), and ``privacam audit
verify`` reports that they had been dropped.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: The table the guard protects.
AUDIT_TABLE = "audit_log"

_SQLITE_TRIGGER = """
CREATE TRIGGER {name} BEFORE {verb} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
"""
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION privacam_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END
$$ LANGUAGE plpgsql
"""
_PG_TRIGGER = """
CREATE TRIGGER {name} BEFORE UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION privacam_append_only()
"""


def trigger_names(dialect: str, table: str = AUDIT_TABLE) -> list[str]:
    """The guard's trigger names on ``dialect`` (none on a database without triggers)."""
    if dialect == "sqlite":
        return [f"{table}_no_update", f"{table}_no_delete"]
    if dialect == "postgresql":
        return [f"{table}_append_only"]
    return []


def create_append_only(connection: Connection, table: str = AUDIT_TABLE) -> None:
    """Create every trigger of the guard on ``table`` (none may exist yet)."""
    _create(connection, table, trigger_names(connection.dialect.name, table))


def missing_guards(connection: Connection, table: str = AUDIT_TABLE) -> list[str]:
    """The guard's triggers that are absent, or present but disabled (PostgreSQL)."""
    dialect = connection.dialect.name
    names = trigger_names(dialect, table)
    if dialect == "sqlite":
        present = set(
            connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                {"t": table},
            ).scalars()
        )
        return [name for name in names if name not in present]
    if dialect == "postgresql":
        enabled = dict(
            connection.execute(
                text(
                    "SELECT tgname, tgenabled FROM pg_trigger "
                    "WHERE tgrelid = CAST(:t AS regclass) AND NOT tgisinternal"
                ),
                {"t": table},
            ).all()
        )
        return [name for name in names if enabled.get(name, "D") == "D"]
    return []


def restore_append_only(connection: Connection, table: str = AUDIT_TABLE) -> list[str]:
    """Put back the guard's missing or disabled triggers; returns the ones it put back."""
    missing = missing_guards(connection, table)
    if not missing:
        return []
    if connection.dialect.name == "postgresql":
        existing = set(
            connection.execute(
                text("SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass)"),
                {"t": table},
            ).scalars()
        )
        for name in [n for n in missing if n in existing]:  # disabled, not dropped
            connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {name}"))
        missing_now = [n for n in missing if n not in existing]
    else:
        missing_now = missing
    _create(connection, table, missing_now)
    return missing


def _create(connection: Connection, table: str, names: list[str]) -> None:
    dialect = connection.dialect.name
    if dialect == "sqlite":
        for name in names:
            verb = name.rsplit("_", 1)[-1].upper()
            connection.execute(text(_SQLITE_TRIGGER.format(name=name, verb=verb, table=table)))
    elif dialect == "postgresql" and names:
        connection.execute(text(_PG_FUNCTION))
        for name in names:
            connection.execute(text(_PG_TRIGGER.format(name=name, table=table)))
