"""A schema of its own on the test PostgreSQL server, for a test that needs one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

POSTGRES_ENV = "PRIVACAM_TEST_POSTGRES_URL"


@contextmanager
def fresh_schema() -> Iterator[tuple[str, str]]:
    """(base URL, schema): a new schema, dropped afterwards; skips when no server is set."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (`.ci/run` sets it up)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield base, schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
