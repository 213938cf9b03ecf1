"""``GET /api/v1/audit`` and ``POST /api/v1/audit/verify`` on both backends."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from privacam.server.access import Role
from privacam.store import Store
from tests.server.fakes import as_role
from tests.store.test_audit import tamper


def fill(store: Store, n: int = 5) -> None:
    for i in range(1, n + 1):
        store.audit.append("export", f"line_counts #{i}", {"rows": i}, actor="cli")


def test_the_audit_log_pages_in_seq_order(client: TestClient, server_store: Store) -> None:
    fill(server_store)
    first = client.get("/api/v1/audit?limit=2", headers=as_role(Role.PRIVACY_OFFICER)).json()
    assert [e["seq"] for e in first["entries"]] == [1, 2]
    assert (first["total"], first["next_after"]) == (5, 2)
    assert first["entries"][0]["details"] == {"rows": 1}
    rest = client.get(
        f"/api/v1/audit?after={first['next_after']}&limit=10", headers=as_role(Role.ADMIN)
    ).json()
    assert [e["seq"] for e in rest["entries"]] == [3, 4, 5] and rest["next_after"] is None
    newest = client.get("/api/v1/audit?newest=true&limit=1", headers=as_role(Role.ADMIN)).json()
    assert [e["subject"] for e in newest["entries"]] == ["line_counts #5"]


def test_the_analyst_cannot_read_the_audit_log(client: TestClient) -> None:
    assert client.get("/api/v1/audit", headers=as_role(Role.ANALYST)).status_code == 403
    assert client.post("/api/v1/audit/verify", headers=as_role(Role.ANALYST)).status_code == 403


def test_verifying_an_intact_chain_is_audited_with_the_user(
    client: TestClient, server_store: Store
) -> None:
    fill(server_store)
    report = client.post("/api/v1/audit/verify", headers=as_role(Role.PRIVACY_OFFICER)).json()
    assert (report["ok"], report["entries"], report["problems"]) == (True, 5, [])
    assert report["head"]["seq"] == 5 and report["audit_seq"] == 6
    last = list(server_store.audit.entries())[-1]
    assert (last.seq, last.action, last.actor) == (6, "audit.verify", "user:privacy_officer")
    assert json.loads(last.details)["entries"] == 5
    assert server_store.verify_audit().ok


def test_verifying_names_the_edited_entry_and_appends_nothing(
    client: TestClient, server_store: Store
) -> None:
    fill(server_store)
    tamper(server_store, "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3")
    report = client.post("/api/v1/audit/verify", headers=as_role(Role.ADMIN)).json()
    assert report["ok"] is False and report["audit_seq"] is None
    assert report["problems"][0]["seq"] == 3 and "MAC mismatch" in report["problems"][0]["problem"]
    assert len(list(server_store.audit.entries())) == 5
