"""The central server on PostgreSQL: a deployment whose ``store.url`` names a PostgreSQL
database (its password a ``${VAR}``, as the deployment file requires of secrets) is opened
the way ``privacam serve`` opens it, migrated, served over real HTTP, and audits with its
head file beside the audit key (a server database has no folder of ours beside it)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec
from privacam.server.access import Principal, Role
from privacam.server.app import create_app
from privacam.server.context import ServerContext, audit_access
from privacam.store.audit import default_key_file
from privacam.store.store import default_head_path, open_store
from tests.helpers.live_server import serving
from tests.server.fakes import FixedAuthenticator
from tests.store.conftest import postgres_schema_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_deployment(tmp_path: Path, monkeypatch) -> Path:
    """The crowd template with ``store.url`` on a fresh PostgreSQL schema, password as ${VAR}."""
    for url in postgres_schema_url():
        parsed = make_url(url)
        monkeypatch.setenv("PRIVACAM_DB_PASSWORD", parsed.password or "")
        public_url = parsed.set(password="PASSWORD").render_as_string(hide_password=False)
        public_url = public_url.replace(":PASSWORD@", ":${PRIVACAM_DB_PASSWORD}@")
        text = render_template("crowd").replace("url: sqlite:///privacam.db", f"url: {public_url}")
        path = tmp_path / "privacam.yaml"
        path.write_text(text, encoding="utf-8")
        yield path


def test_a_deployment_on_postgresql_is_migrated_served_and_audited_beside_the_key(
    postgres_deployment: Path,
):
    loaded = load_spec(postgres_deployment)
    assert "${PRIVACAM_DB_PASSWORD}" in loaded.public.store.url  # no secret in the file
    store = open_store(loaded)  # what `privacam serve` opens (migrating it)
    try:
        assert store.url.startswith("postgresql")
        assert {"alembic_version", "audit_log"} <= set(inspect(store.engine).get_table_names())
        app = create_app(ServerContext(loaded=loaded, store=store), FixedAuthenticator())
        with serving(app) as url:
            assert httpx.get(f"{url}/api/health").json()["status"] == "ok"
        audit_access(
            app.state.context, Principal(name="aiko", role=Role.ADMIN), "server.test", "cam1"
        )
        head = default_head_path(store.url)
        assert head.parent == default_key_file().parent / "audit-heads"
        assert head.is_file()
        assert store.audit.verify().ok
        assert not (postgres_deployment.parent / "privacam.db").exists()  # no SQLite beside it
    finally:
        store.close()
