"""Server fixtures: a deployment, its store (SQLite, and PostgreSQL where marked), the app
and a test client. Routes are called as a role with ``headers=as_role(Role.X)``.

The ``server_store`` fixture is parametrised over both backends, as the issue asks the
server tests to run against both; a test that needs only one takes ``sqlite_server_store``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import LoadedSpec, load_spec_text
from privacam.server.app import create_app
from privacam.server.context import ServerContext, ServerSettings
from privacam.store import Store
from tests.server.fakes import FixedAuthenticator
from tests.store.conftest import postgres_schema_url


@pytest.fixture(autouse=True)
def _keys(tmp_path: Path, monkeypatch) -> None:
    """Audit and vault keys of the test's own; nothing touches ~/.config."""
    monkeypatch.delenv("PRIVACAM_AUDIT_KEY", raising=False)
    monkeypatch.delenv("PRIVACAM_VAULT_KEY", raising=False)
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))
    monkeypatch.setenv("PRIVACAM_VAULT_KEY_FILE", str(tmp_path / "keys" / "vault.key"))
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")


def loaded_template(case: str, tmp_path: Path) -> LoadedSpec:
    """A deployment from ``privacam init``'s template for ``case``, saved in ``tmp_path``."""
    text = render_template(case)
    path = tmp_path / "privacam.yaml"
    path.write_text(text, encoding="utf-8")
    return load_spec_text(text, path=path)


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedSpec:
    return loaded_template("crowd", tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_store(request, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = Store.open(f"sqlite:///{tmp_path / 'privacam.db'}")
        yield opened
        opened.close()
    else:
        for url in postgres_schema_url():
            opened = Store.open(url, head_path=tmp_path / "head.json")
            yield opened
            opened.close()


@pytest.fixture
def sqlite_server_store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'privacam.db'}")
    yield opened
    opened.close()


def make_client(loaded: LoadedSpec, store: Store, authenticator=None) -> TestClient:
    context = ServerContext(loaded=loaded, store=store, settings=ServerSettings())
    app = create_app(context, authenticator or FixedAuthenticator())
    return TestClient(app, base_url="https://testserver")


@pytest.fixture
def client(loaded: LoadedSpec, server_store: Store) -> Iterator[TestClient]:
    with make_client(loaded, server_store) as test_client:
        yield test_client


@pytest.fixture
def sqlite_client(loaded: LoadedSpec, sqlite_server_store: Store) -> Iterator[TestClient]:
    with make_client(loaded, sqlite_server_store) as test_client:
        yield test_client
