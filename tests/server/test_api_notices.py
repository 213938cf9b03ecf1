"""``GET /api/v1/notices``: the rendered files' manifest, public, and whether it is current."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec, load_spec
from privacam.policy.notice import render_notice
from privacam.policy.notice.manifest import default_notice_dir
from privacam.store import Store
from tests.server.conftest import loaded_template, make_client


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedSpec:
    """Case ④'s template: the crowd one names a floor plan file, which a notice checks for."""
    return loaded_template("counting", tmp_path)


@pytest.fixture
def client(loaded: LoadedSpec, server_store: Store) -> Iterator[TestClient]:
    with make_client(loaded, server_store) as test_client:
        yield test_client


def test_the_notice_manifest_is_public_and_current_for_the_deployment(
    client: TestClient, loaded: LoadedSpec
) -> None:
    render_notice(loaded, default_notice_dir(loaded))
    answer = client.get("/api/v1/notices")
    assert answer.status_code == 200
    notices = answer.json()
    assert (notices["rendered"], notices["current"], notices["draft"]) == (True, True, False)
    assert notices["notice_deployment_sha256"] == notices["deployment_sha256"] == loaded.sha256
    by_name = {f["name"]: f for f in notices["files"]}
    assert by_name["notice-ja.html"]["language"] == "ja"
    assert by_name["sign-en.pdf"]["language"] == "en"
    assert all(f["present"] and len(f["sha256"]) == 64 for f in notices["files"])
    assert notices["languages"] == ["ja", "en"]


def test_an_edited_notice_file_is_not_current(client: TestClient, loaded: LoadedSpec) -> None:
    folder = default_notice_dir(loaded)
    render_notice(loaded, folder)
    (folder / "notice-en.html").write_text("edited", encoding="utf-8")
    notices = client.get("/api/v1/notices").json()
    assert notices["current"] is False
    assert [f["name"] for f in notices["files"] if not f["present"]] == ["notice-en.html"]


def test_a_notice_rendered_for_another_deployment_is_not_current(
    client: TestClient, loaded: LoadedSpec
) -> None:
    other = loaded.path.parent / "other.yaml"
    text = loaded.path.read_text(encoding="utf-8")
    assert "  k: 10" in text
    other.write_text(text.replace("  k: 10", "  k: 12"), encoding="utf-8")
    render_notice(load_spec(other), default_notice_dir(loaded))
    notices = client.get("/api/v1/notices").json()
    assert notices["rendered"] is True and notices["current"] is False
    assert notices["notice_deployment_sha256"] != loaded.sha256


def test_no_rendered_notice_says_so(client: TestClient) -> None:
    notices = client.get("/api/v1/notices").json()
    assert (notices["rendered"], notices["current"], notices["files"]) == (False, False, [])
