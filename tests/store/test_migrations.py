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
