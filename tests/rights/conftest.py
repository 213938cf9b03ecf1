"""Rights fixtures: a case ③ deployment, and its store on SQLite (and PostgreSQL, marked)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.spec import Deployment
from privacam.store import Store
from tests.store.conftest import postgres_schema_url

T0 = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo


def template(case: str = "repeat") -> Deployment:
    return load_spec_text(render_template(case)).spec


@pytest.fixture(autouse=True)
def vault_key_file(tmp_path: Path, monkeypatch) -> Path:
    """Each test seals templates under a vault master key of its own."""
    path = tmp_path / "keys" / "vault.key"
    monkeypatch.delenv("PRIVACAM_VAULT_KEY", raising=False)
    monkeypatch.setenv("PRIVACAM_VAULT_KEY_FILE", str(path))
    return path


@pytest.fixture
def spec() -> Deployment:
    return template()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'privacam.db'}"
        opened = Store.open(url)
        yield opened
        opened.close()
    else:
        for url in postgres_schema_url():
            opened = Store.open(url, head_path=tmp_path / "head.json")
            yield opened
            opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'privacam.db'}")
    yield opened
    opened.close()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()
