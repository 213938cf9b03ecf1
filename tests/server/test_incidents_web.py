"""The privacy officer's incident pages and ``/api/v1/incidents``, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.server.rights_helpers import OFFICER

LEAK = {
    "summary": "A laptop with a copy of the statistics was lost",
    "cause": "Left on a train",
    "data_items": ["raw_images"],
    "people": 1500,
    "discovered_at": "2026-04-01T10:00",
}


def record(client: TestClient, **changes) -> dict:
    answer = client.post("/api/v1/incidents", json={**LEAK, **changes}, headers=OFFICER)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_an_incident_of_more_than_1000_people_is_reportable_with_its_deadlines(
    client: TestClient,
) -> None:
    incident = record(client)
    decision = client.post(
        f"/api/v1/incidents/{incident['incident_id']}/assess", headers=OFFICER
    ).json()
    assert decision["reportable"] is True
    assert [r["code"] for r in decision["reasons"]] == ["more_than_1000"]
    assert decision["reasons"][0]["text"]["ja"] and decision["reasons"][0]["text"]["en"]
    # Discovered 1 April, Tokyo: the final report within 30 days, the day of discovery first.
    assert decision["final_due"].startswith("2026-04-30T23:59:59")
    listed = client.get("/api/v1/incidents", headers=OFFICER).json()
    assert [(i["incident_id"], i["reportable"]) for i in listed] == [
        (incident["incident_id"], True)
    ]


def test_strong_encryption_exempts_an_incident_from_reporting(client: TestClient) -> None:
    incident = record(client, encryption="AES-256-GCM")
    shown = client.get(f"/api/v1/incidents/{incident['incident_id']}", headers=OFFICER).json()
    assert shown["decision"]["reportable"] is False
    assert shown["decision"]["exemption"] is not None


def test_an_incident_naming_an_unknown_data_item_is_refused(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/incidents", json={**LEAK, "data_items": ["passwords"]}, headers=OFFICER
    )
    assert answer.status_code == 400
    assert "passwords" in answer.json()["detail"]


def test_the_drafts_carry_the_report_items_and_are_audited(client: TestClient) -> None:
    incident_id = record(client)["incident_id"]
    final = client.get(f"/api/v1/incidents/{incident_id}/drafts/final", headers=OFFICER)
    assert final.status_code == 200 and final.headers["content-type"].startswith("text/markdown")
    assert final.headers["x-open-items"]  # items 5-9 are still open
    notice = client.get(f"/api/v1/incidents/{incident_id}/drafts/notice", headers=OFFICER)
    assert notice.status_code == 200
    assert (
        client.get(f"/api/v1/incidents/{incident_id}/drafts/x", headers=OFFICER).status_code == 404
    )
    entries = client.app.state.context.store.audit.entries()
    drafts = [
        (e.actor, json.loads(e.details)["stage"]) for e in entries if e.action == "incident.report"
    ]
    assert drafts == [("user:privacy_officer", "final"), ("user:privacy_officer", "notice")]


def test_an_incident_is_recorded_assessed_and_drafted_from_the_pages(client: TestClient) -> None:
    form = {
        "summary": "漏えいの概要",
        "cause": "原因",
        "data_items": ["raw_images", "statistics"],
        "people": "20",
        "discovered": "2026-04-01T10:00",
        "flags": ["sensitive"],
    }
    created = client.post("/officer/incidents", data=form, headers=OFFICER)
    assert created.status_code == 200  # followed the 303 to the incident's page
    assert "漏えいの概要" in created.text and "速報の期限" in created.text  # sensitive data
    incident_id = created.url.path.rsplit("/", 1)[1]
    assessed = client.post(f"/officer/incidents/{incident_id}/assess", headers=OFFICER)
    assert "判定を記録済み" in assessed.text
    listing = client.get("/officer/incidents?lang=en", headers=OFFICER)
    assert "reportable" in listing.text and 'name="csrf_token"' in listing.text
    draft = client.get(f"/officer/incidents/{incident_id}/drafts/preliminary", headers=OFFICER)
    assert draft.status_code == 200 and "漏えいの概要" in draft.text
    entries = client.app.state.context.store.audit.entries()
    assert "incident.view" in [e.action for e in entries]


def test_an_unknown_incident_page_is_a_rendered_404(client: TestClient) -> None:
    page = client.get("/officer/incidents/nope", headers=OFFICER)
    assert page.status_code == 404 and "<html" in page.text


def test_filling_items_5_to_9_leaves_the_final_report_with_none_open(client: TestClient) -> None:
    incident_id = record(client)["incident_id"]
    items = {
        "secondary_damage": "none known",
        "response_to_people": "notice published",
        "publication": "on the web site",
        "prevention": "disks encrypted",
    }
    updated = client.patch(f"/api/v1/incidents/{incident_id}", json=items, headers=OFFICER)
    assert updated.status_code == 200 and updated.json()["prevention"] == "disks encrypted"
    final = client.get(f"/api/v1/incidents/{incident_id}/drafts/final", headers=OFFICER)
    assert final.headers["x-open-items"] == "9"
    page = client.post(
        f"/officer/incidents/{incident_id}/items", data={"other": "—"}, headers=OFFICER
    )
    assert page.status_code == 200 and "disks encrypted" in page.text
    final = client.get(f"/api/v1/incidents/{incident_id}/drafts/final", headers=OFFICER)
    assert final.headers["x-open-items"] == ""
    nothing = client.patch(f"/api/v1/incidents/{incident_id}", json={}, headers=OFFICER)
    assert nothing.status_code == 400


def test_texts_no_column_can_hold_are_refused_not_a_server_error(client: TestClient) -> None:
    for changes in (
        {"summary": "nul\x00byte"},
        {"people": 2**40},
        {"discovered_at": "9999-12-31T23:00"},
    ):
        answer = client.post("/api/v1/incidents", json={**LEAK, **changes}, headers=OFFICER)
        assert answer.status_code == 400, (changes, answer.text)
    assert client.get("/api/v1/incidents", headers=OFFICER).json() == []
