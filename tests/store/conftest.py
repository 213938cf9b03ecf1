"""Store fixtures: a store on SQLite (always) and on PostgreSQL (marker postgres, when
PRIVACAM_TEST_POSTGRES_URL is set), an audit key of the test's own, and record factories."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import LoadedSpec, load_spec_text
from privacam.policy.spec import DataItem, Deployment
from privacam.records import LineCount, Trajectory, new_visit_id
from privacam.store import Store
from tests.helpers.postgres import fresh_schema

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def audit_key_file(tmp_path: Path, monkeypatch) -> Path:
    """Each test gets its own audit key file; nothing touches ~/.config."""
    path = tmp_path / "keys" / "audit.key"
    monkeypatch.delenv("PRIVACAM_AUDIT_KEY", raising=False)
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(path))
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")
    return path


@pytest.fixture(autouse=True)
def vault_key_file(tmp_path: Path, monkeypatch) -> Path:
    """Each test gets its own vault master key file too."""
    path = tmp_path / "keys" / "vault.key"
    monkeypatch.delenv("PRIVACAM_VAULT_KEY", raising=False)
    monkeypatch.setenv("PRIVACAM_VAULT_KEY_FILE", str(path))
    return path


@pytest.fixture
def rng():
    """Random face features, the same in every run."""
    import numpy as np

    return np.random.default_rng(12)


def postgres_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    with fresh_schema() as (base, schema):
        separator = "&" if "?" in base else "?"
        yield f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'privacam.db'}"
    else:
        yield from postgres_schema_url()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(str(tmp_path / "privacam.db"))
    yield opened
    opened.close()


def deployment(case: str = "flow", **data_items: dict) -> Deployment:
    """The case's template deployment, with data_items replaced or added by key."""
    spec = load_spec_text(render_template(case)).spec
    items = {item.key: item for item in spec.data_items}
    for key, fields in data_items.items():
        items[key] = DataItem.model_validate(
            {
                "key": key,
                "description": {"ja": key, "en": key},
                "data_class": fields.pop("data_class", "statistics"),
                **fields,
            }
        )
    return spec.model_copy(update={"data_items": list(items.values())})


def as_loaded(spec: Deployment) -> LoadedSpec:
    """``spec`` as the runtime hands it on: a loaded deployment with no file behind it."""
    return LoadedSpec(
        public=spec, sha256=hashlib.sha256(spec.model_dump_json().encode()).hexdigest()
    )


def loaded_spec(tmp_path: Path, case: str = "flow", store_url: str | None = None) -> LoadedSpec:
    """A deployment file written to tmp_path (optionally with its store.url) and loaded."""
    from privacam.policy.loader import load_spec

    text_ = render_template(case)
    if store_url is not None:
        text_ = text_.replace("url: sqlite:///privacam.db", f"url: {store_url}")
    path = tmp_path / "privacam.yaml"
    path.write_text(text_, encoding="utf-8")
    return load_spec(path)


def line_count(start: datetime = T0, *, camera_id: str = "gate", count: int = 5, **kw) -> LineCount:
    fields = dict(line="L1", direction="in", class_name="person")
    fields.update(kw)
    return LineCount(
        window_start=start,
        window_end=start + timedelta(minutes=15),
        camera_id=camera_id,
        count=count,
        **fields,
    )


def trajectory(
    start: datetime = T0,
    *,
    seconds: float = 120.0,
    dwell: dict[str, float] | None = None,
    transitions: tuple = (),
    camera_id: str = "shop",
) -> Trajectory:
    return Trajectory(
        visit_id=new_visit_id(),
        camera_id=camera_id,
        started_at=start,
        ended_at=start + timedelta(seconds=seconds),
        image_points=((0.0, 10.0, 20.0), (seconds, 30.0, 40.0)),
        floor_points=((0.0, 1.0, 2.0), (seconds, 3.0, 4.0)),
        dwell_s=dwell if dwell is not None else {"entrance": 10.0, "shelf_a": 60.0},
        transitions=transitions or ((10.0, "entrance", "shelf_a"),),
    )
