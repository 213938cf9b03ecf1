"""``GET /api/v1/exports/{kind}.csv|.json`` on both backends: the CLI's bytes, audited with
the user, suppressed when published, within the caller's kinds and cameras."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from privacam.server.access import Role
from privacam.store.audit_pages import audit_after
from privacam.store.export import BOM, prepare_export
from tests.server.api_seed import AS_SCOPED, seeded_client
from tests.server.fakes import as_role


@pytest.fixture
def api(loaded, server_store):
    with seeded_client(loaded, server_store) as client:
        yield client


def last_entry(client: TestClient):
    entries = audit_after(client.app.state.context.store, newest=True, limit=1).entries
    return entries[0] if entries else None


def audit_entries(client: TestClient) -> int:
    return audit_after(client.app.state.context.store, limit=1).total


def test_a_csv_export_is_the_clis_bytes_with_a_bom(api: TestClient) -> None:
    answer = api.get("/api/v1/exports/line_counts.csv", headers=as_role(Role.ANALYST))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(BOM.encode("utf-8"))
    store = api.app.state.context.store
    assert answer.content == prepare_export(store, "line_counts", "csv").data


def test_exports_are_audited_with_the_user_and_purpose(api: TestClient) -> None:
    api.get("/api/v1/exports/line_counts.json", headers=as_role(Role.ANALYST))
    entry = last_entry(api)
    details = json.loads(entry.details)
    assert (entry.action, entry.subject, entry.actor) == ("export", "line_counts", "user:analyst")
    assert (details["rows"], details["output"], details["purpose"], details["role"]) == (
        8,
        "api",
        "p1",
        "analyst",
    )


def test_published_exports_suppress_small_cells(api: TestClient) -> None:
    answer = api.get("/api/v1/exports/line_counts.json?published=true", headers=as_role(Role.ADMIN))
    document = answer.json()
    assert (document["published"], document["k"], document["columns"][-1]) == (
        True,
        10,
        "suppressed",
    )
    cam1 = [r["count"] for r in document["rows"] if r["camera_id"] == "cam1"]
    assert cam1 == [None, 12, None, 12]
    assert json.loads(last_entry(api).details)["published"] is True


def test_the_operators_export_is_exact(api: TestClient) -> None:
    document = api.get("/api/v1/exports/line_counts.json", headers=as_role(Role.ADMIN)).json()
    assert sorted(r["count"] for r in document["rows"] if r["camera_id"] == "cam1") == [
        3,
        3,
        12,
        12,
    ]


def test_per_person_kinds_are_never_published(api: TestClient) -> None:
    answer = api.get(
        "/api/v1/exports/trajectories.csv?published=true", headers=as_role(Role.PRIVACY_OFFICER)
    )
    assert answer.status_code == 400 and "never published" in answer.json()["detail"]


def test_an_analyst_cannot_export_per_person_kinds(api: TestClient) -> None:
    api.get("/api/v1/exports/line_counts.csv", headers=as_role(Role.ANALYST))
    before = audit_entries(api)
    answer = api.get("/api/v1/exports/trajectories.csv", headers=as_role(Role.ANALYST))
    assert answer.status_code == 403
    assert audit_entries(api) == before == 1


def test_a_scoped_analyst_exports_only_their_cameras(api: TestClient) -> None:
    assert (
        api.get("/api/v1/exports/line_counts.csv?camera=cam2", headers=AS_SCOPED).status_code == 403
    )
    document = api.get("/api/v1/exports/line_counts.json", headers=AS_SCOPED).json()
    assert {r["camera_id"] for r in document["rows"]} == {"cam1"}
    assert json.loads(last_entry(api).details)["cameras"] == ["cam1"]


def test_an_export_for_an_unannounced_purpose_is_refused(api: TestClient) -> None:
    answer = api.get("/api/v1/exports/line_counts.csv?purpose=p9", headers=as_role(Role.ADMIN))
    assert answer.status_code == 400 and "p9" in answer.json()["detail"]
    assert audit_entries(api) == 0
    assert api.get(
        "/api/v1/exports/line_counts.csv?purpose=p1", headers=as_role(Role.ADMIN)
    ).is_success
    assert audit_entries(api) == 1


def test_an_unknown_kind_cannot_be_exported(api: TestClient) -> None:
    answer = api.get("/api/v1/exports/faces.json", headers=as_role(Role.ADMIN))
    assert answer.status_code == 404 and "line_counts" in answer.json()["detail"]


def test_an_export_that_cannot_be_audited_is_not_sent(api: TestClient) -> None:
    store = api.app.state.context.store
    store.audit.append("export", "line_counts", {"rows": 1})
    store.audit._key = bytes(32)  # not the key the chain was written with
    answer = api.get("/api/v1/exports/line_counts.csv", headers=as_role(Role.ADMIN))
    assert answer.status_code == 503 and not answer.content.startswith(BOM.encode("utf-8"))
