"""``GET /api/v1/records/{kind}`` on both backends: contents, paging, roles and scope."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from privacam.server.access import Role
from privacam.store.audit_pages import audit_after
from tests.server.api_seed import AS_SCOPED, T0, seeded_client
from tests.server.fakes import as_role


@pytest.fixture
def api(loaded, server_store):
    with seeded_client(loaded, server_store) as client:
        yield client


def test_records_are_the_stored_rows_oldest_first(api: TestClient) -> None:
    answer = api.get("/api/v1/records/line_counts", headers=as_role(Role.ANALYST))
    assert answer.status_code == 200
    page = answer.json()
    assert page["total"] == 8 and page["next_offset"] is None
    cam1 = [row["count"] for row in page["rows"] if row["camera_id"] == "cam1"]
    assert cam1 == [3, 12, 3, 12]
    assert page["columns"][-1] == "run_id" and "count" in page["rows"][0]


def test_records_page_with_a_bounded_page_size(api: TestClient) -> None:
    first = api.get("/api/v1/records/line_counts?limit=3", headers=as_role(Role.ADMIN)).json()
    second = api.get(
        f"/api/v1/records/line_counts?limit=3&offset={first['next_offset']}",
        headers=as_role(Role.ADMIN),
    ).json()
    assert (len(first["rows"]), first["next_offset"], len(second["rows"])) == (3, 3, 3)
    assert first["rows"] + second["rows"] != first["rows"] * 2
    too_big = api.get("/api/v1/records/line_counts?limit=5000", headers=as_role(Role.ADMIN))
    assert too_big.status_code == 422


def test_records_keep_to_the_time_window_and_camera(api: TestClient) -> None:
    # 09:15 to 09:45 Tokyo time without a zone: windows ending at 09:15 and 09:30.
    answer = api.get(
        "/api/v1/records/line_counts",
        params={"from": "2026-04-01T09:15", "to": "2026-04-01T09:45", "camera": "cam1"},
        headers=as_role(Role.ADMIN),
    ).json()
    assert [(row["window_end"], row["count"]) for row in answer["rows"]] == [
        ("2026-04-01T00:15:00Z", 3),
        ("2026-04-01T00:30:00Z", 12),
    ]


def test_an_unknown_kind_is_404_with_the_kinds_listed(api: TestClient) -> None:
    answer = api.get("/api/v1/records/faces", headers=as_role(Role.ADMIN))
    assert answer.status_code == 404
    assert "line_counts" in answer.json()["detail"] and " / " in answer.json()["detail"]


def test_an_analyst_cannot_read_per_person_kinds(api: TestClient) -> None:
    for kind in ("trajectories", "repeat_visits"):
        answer = api.get(f"/api/v1/records/{kind}", headers=as_role(Role.ANALYST))
        assert answer.status_code == 403, kind
        assert "aggregates only" in answer.json()["detail"]
    assert (
        api.get("/api/v1/records/repeat_windows", headers=as_role(Role.ANALYST)).status_code == 200
    )


def test_an_analyst_scoped_to_cam1_cannot_read_cam2(api: TestClient) -> None:
    refused = api.get("/api/v1/records/line_counts?camera=cam2", headers=AS_SCOPED)
    assert refused.status_code == 403
    mine = api.get("/api/v1/records/line_counts", headers=AS_SCOPED).json()
    assert mine["total"] == 4 and {row["camera_id"] for row in mine["rows"]} == {"cam1"}
    # Runs name no camera: nothing of them is within a camera scope.
    assert api.get("/api/v1/records/runs", headers=AS_SCOPED).json()["total"] == 0


def test_reading_per_person_records_is_audited_with_the_reader(api: TestClient) -> None:
    answer = api.get("/api/v1/records/trajectories", headers=as_role(Role.PRIVACY_OFFICER))
    assert answer.status_code == 200 and answer.json()["total"] == 2
    store = api.app.state.context.store
    last = audit_after(store, newest=True, limit=1).entries[0]
    assert (last.action, last.subject, last.actor) == (
        "records.read",
        "trajectories",
        "user:privacy_officer",
    )
    assert json.loads(last.details)["rows"] == 2


def test_reading_aggregates_adds_no_audit_entry(api: TestClient) -> None:
    store = api.app.state.context.store
    before = audit_after(store, newest=True, limit=1).total
    api.get("/api/v1/records/line_counts", headers=as_role(Role.ANALYST))
    assert audit_after(store, newest=True, limit=1).total == before


def test_a_time_without_a_zone_is_the_deployments(api: TestClient) -> None:
    naive = api.get(
        "/api/v1/records/line_counts?from=2026-04-01T09:45&camera=cam1",
        headers=as_role(Role.ADMIN),
    ).json()
    aware = api.get(
        "/api/v1/records/line_counts",
        params={"from": (T0.isoformat().replace("+00:00", "Z")), "camera": "cam1"},
        headers=as_role(Role.ADMIN),
    ).json()
    assert naive["total"] == 2 and aware["total"] == 4


def test_to_before_from_is_a_bilingual_400(api: TestClient) -> None:
    answer = api.get(
        "/api/v1/records/line_counts?from=2026-04-02T00:00Z&to=2026-04-01T00:00Z",
        headers=as_role(Role.ADMIN),
    )
    assert answer.status_code == 400 and "from" in answer.json()["detail"]


def test_per_person_records_that_cannot_be_audited_are_refused(api: TestClient) -> None:
    store = api.app.state.context.store
    store.audit.append("export", "line_counts", {"rows": 1})
    store.audit._key = bytes(32)  # not the key the chain was written with
    answer = api.get("/api/v1/records/trajectories", headers=as_role(Role.ADMIN))
    assert answer.status_code == 503 and "audited" in answer.json()["detail"]
    assert "rows" not in answer.json()
