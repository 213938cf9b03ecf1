"""The migrated schema is exactly the tables' schema, and the audit log is append-only."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from privacam.store import Store
from privacam.store.migrate import current_revision, head_revision
from privacam.store.tables import metadata


def test_migrated_schema_matches_the_tables(store: Store) -> None:
    with store.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_comparison_would_notice_a_drift(store: Store) -> None:
    # The test above can fail: a column the migrations lack shows up as a diff.
    with store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE line_counts DROP COLUMN class_name"))
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "class_name")]


def test_opening_twice_migrates_once_and_keeps_data(store_url: str) -> None:
    from .conftest import line_count

    with Store.open(store_url) as first:
        first.write([line_count()])
    with Store.open(store_url) as second:
        assert second.count(type(line_count())) == 1


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"])
def test_audit_log_refuses_updates_and_deletes(store: Store, statement: str) -> None:
    store.audit.append("test", "subject", {"n": 1})
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(text(statement))
    assert [e.actor for e in store.audit.entries()] != ["x"]
    assert len(list(store.audit.entries())) == 1


def drop_guard(store: Store) -> None:
    """What someone with write access does first: lift the append-only guard."""
    with store.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))


def test_opening_the_store_recreates_dropped_append_only_triggers(store: Store) -> None:
    store.audit.append("test", "subject", {"n": 1})
    drop_guard(store)
    assert store.verify_audit().guard_problems  # noticed while it is missing ...
    with Store.open(store.url, head_path=store.audit.head_path) as reopened:
        assert reopened.restored_guards
        with pytest.raises(DBAPIError, match="append-only"), reopened.engine.begin() as c:
            c.execute(text("UPDATE audit_log SET actor = 'x'"))
        report = reopened.verify_audit()  # ... and after the store put it back
    assert not report.ok and "dropped" in report.guard_problems[0]
    assert report.problems == []  # no entry was edited: the chain itself is intact
    with Store.open(store.url) as third:
        assert third.restored_guards == [] and third.verify_audit().ok
