"""The central server on PostgreSQL: a deployment whose ``store.url`` names a PostgreSQL
database (its password a ``${VAR}``, as the deployment file requires of secrets) is opened
and built the way ``privacam serve`` does (``open_store`` then ``build_server``), migrated,
served over real HTTP, and audits with its head file beside the audit key (a server
database has no folder of ours beside it). ``tests/server/browser/test_serve_postgres.py``
runs the command itself and signs in with a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect

from privacam.policy.loader import load_spec
from privacam.server.context import ServerSettings
from privacam.server.serve import build_server
from privacam.store.audit import default_key_file
from privacam.store.store import default_head_path, open_store
from tests.helpers.central import PASSWORD_VARIABLE, postgres_deployment
from tests.helpers.live_server import serving
from tests.store.conftest import postgres_schema_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    for url in postgres_schema_url():
        yield postgres_deployment(url, tmp_path, monkeypatch)


def test_a_deployment_on_postgresql_is_migrated_served_and_audited_beside_the_key(deployment):
    loaded = load_spec(deployment)
    assert f"${{{PASSWORD_VARIABLE}}}" in loaded.public.store.url  # no secret in the file
    store = open_store(loaded)
    try:
        assert store.url.startswith("postgresql")
        tables = set(inspect(store.engine).get_table_names())
        assert {"alembic_version", "audit_log", "crowd_intervals", "users"} <= tables
        app, first_admin = build_server(loaded, store, ServerSettings())
        assert first_admin is not None and first_admin.name == "admin"
        with serving(app) as url:
            assert httpx.get(f"{url}/api/health").json()["status"] == "ok"
            assert httpx.get(f"{url}/login").status_code == 200
        head = default_head_path(store.url)  # the first admin's creation was audited
        assert head.parent == default_key_file().parent / "audit-heads"
        assert head.is_file()
        assert store.audit.verify().ok
        assert not (deployment.parent / "privacam.db").exists()  # no SQLite beside it
    finally:
        store.close()
