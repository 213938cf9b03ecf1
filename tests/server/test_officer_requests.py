"""The privacy officer's request pages and ``/api/v1/requests``, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from privacam.server.access import Role
from privacam.server.app import route_table
from privacam.store import Store
from privacam.store.request_items import OWNER, held_items
from privacam.store.tables import vault_keys
from tests.server.fakes import as_role
from tests.server.rights_helpers import (
    OFFICER,
    database_bytes,
    enrol,
    png_photo,
    repeat_client_over,
    request_id_of,
    status_path,
    submit,
    use_fixed_faces,
)

IDENTITY = {"method": "photo ID checked at the counter"}


@pytest.fixture
def repeat_client(tmp_path: Path, server_store: Store) -> Iterator[TestClient]:
    yield from repeat_client_over(tmp_path, server_store)


def request_keys(client: TestClient) -> int:
    store = client.app.state.context.store
    with store.engine.connect() as connection:
        query = select(func.count()).select_from(vault_keys).where(vault_keys.c.owner == OWNER)
        return connection.execute(query).scalar_one()


def move_clock(client: TestClient, by: timedelta) -> None:
    context = client.app.state.context
    now = context.clock() + by
    context.clock = lambda: now


def test_analyst_and_node_get_403_on_every_officer_route(client: TestClient) -> None:
    officer_paths = ("/officer/", "/api/v1/requests", "/api/v1/incidents")
    routes = [
        route
        for route in route_table(client.app)
        if getattr(route, "path", "").startswith(officer_paths)
    ]
    assert len(routes) >= 15
    for route in routes:
        path = route.path.replace("{request_id}", "1").replace("{incident_id}", "1")
        path = path.replace("{fmt}", "pdf").replace("{stage}", "final")
        for method in route.methods - {"HEAD"}:
            for role in (Role.ANALYST, Role.NODE, Role.ADMIN):
                got = client.request(method, path, headers=as_role(role)).status_code
                assert got == 403, f"{method} {path} as {role}: {got}"


def test_the_list_shows_state_and_deadline_and_highlights_overdue(client: TestClient) -> None:
    submit(client)
    listed = client.get("/api/v1/requests", headers=OFFICER).json()
    assert [(r["state"], r["overdue"]) for r in listed] == [("received", False)]
    page = client.get("/officer/requests", headers=OFFICER)
    assert page.status_code == 200 and 'class="overdue"' not in page.text
    move_clock(client, timedelta(days=15))
    assert client.get("/api/v1/requests", headers=OFFICER).json()[0]["overdue"] is True
    page = client.get("/officer/requests?lang=en", headers=OFFICER)
    assert 'class="overdue"' in page.text and "overdue" in page.text


def test_the_officer_sees_the_contact_and_the_view_is_audited(client: TestClient) -> None:
    submit(client, contact="hanako@example.jp")
    request_id = request_id_of(client)
    page = client.get(f"/officer/requests/{request_id}", headers=OFFICER)
    assert "hanako@example.jp" in page.text and "山田 花子" in page.text
    entries = client.app.state.context.store.audit.entries()
    viewed = [e for e in entries if e.action == "request.contact_viewed"]
    assert [(e.actor, e.subject) for e in viewed] == [("user:privacy_officer", request_id)]
    api = client.get(f"/api/v1/requests/{request_id}", headers=OFFICER).json()
    assert "hanako" not in str(api)  # the API's JSON carries no personal data


def test_a_request_cannot_be_run_before_its_identity_check(client: TestClient) -> None:
    submit(client)
    request_id = request_id_of(client)
    refused = client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER)
    assert refused.status_code == 409
    assert "本人確認" in refused.json()["detail"] and "identity check" in refused.json()["detail"]
    page = client.post(f"/officer/requests/{request_id}/run", headers=OFFICER)
    assert page.status_code == 409 and "identity check" in page.text


def test_a_duplicate_request_cannot_skip_the_identity_check(client: TestClient) -> None:
    submit(client, contact="Hanako@Example.jp")
    first = request_id_of(client)
    client.post(f"/api/v1/requests/{first}/identity", json=IDENTITY, headers=OFFICER)
    submit(client, contact="hanako@example.jp")
    second = request_id_of(client)
    shown = client.get(f"/api/v1/requests/{second}", headers=OFFICER).json()
    assert shown["duplicate_of"] == first
    refused = client.post(f"/api/v1/requests/{second}/run", headers=OFFICER)
    assert refused.status_code == 409
    assert first in refused.json()["detail"]  # "it duplicates request ..."
    assert client.get(f"/api/v1/requests/{second}", headers=OFFICER).json()["state"] == "received"


def test_the_identity_check_needs_a_method(client: TestClient) -> None:
    submit(client)
    request_id = request_id_of(client)
    refused = client.post(
        f"/api/v1/requests/{request_id}/identity", json={"method": " "}, headers=OFFICER
    )
    assert refused.status_code == 400
    nul = client.post(
        f"/api/v1/requests/{request_id}/identity", json={"method": "id\x00"}, headers=OFFICER
    )
    assert nul.status_code == 400  # PostgreSQL text cannot hold it: refused, not a 500
    done = client.post(f"/officer/requests/{request_id}/identity", data=IDENTITY, headers=OFFICER)
    assert done.status_code == 200  # followed the 303 back to the request's page
    assert "photo ID checked at the counter" in done.text


def test_a_crowd_request_is_answered_with_the_holdings_letter(client: TestClient) -> None:
    status = status_path(submit(client).text)
    request_id = request_id_of(client)
    client.post(f"/api/v1/requests/{request_id}/identity", json=IDENTITY, headers=OFFICER)
    ran = client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER).json()
    assert (ran["state"], ran["answer"]) == ("completed", "no_identifiable_data")
    page = client.get(status + "?lang=en")
    assert "Completed" in page.text and "hold nothing that identifies" in page.text
    pdf = client.get(status + "/answer.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = client.get(f"/api/v1/requests/{request_id}/answer.html", headers=OFFICER)
    assert html.status_code == 200 and "開示請求へのご回答" in html.text
    assert held_items(client.app.state.context.store, request_id) == ["answer.html", "answer.pdf"]
    actions = [e.action for e in client.app.state.context.store.audit.entries()]
    assert actions.count("request.answer_fetched") == 2


def test_the_answer_is_shredded_after_thirty_days(client: TestClient) -> None:
    status = status_path(submit(client).text)
    request_id = request_id_of(client)
    client.post(f"/api/v1/requests/{request_id}/identity", json=IDENTITY, headers=OFFICER)
    client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER)
    move_clock(client, timedelta(days=31))
    assert client.get(status + "/answer.pdf").status_code == 404
    client.get("/api/v1/requests", headers=OFFICER)  # the list purges expired answers
    assert held_items(client.app.state.context.store, request_id) == []
    assert request_keys(client) == 0


def test_purge_shreds_an_expired_answer_though_no_officer_opens_the_list(
    client: TestClient,
) -> None:
    from privacam.store.retention import sweep

    submit(client)
    request_id = request_id_of(client)
    client.post(f"/api/v1/requests/{request_id}/identity", json=IDENTITY, headers=OFFICER)
    client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER)
    context = client.app.state.context
    assert held_items(context.store, request_id)  # the sealed answer letters
    report = sweep(context.store, context.loaded, context.clock() + timedelta(days=31))
    assert report.deleted["request_items"] > 0
    assert held_items(context.store, request_id) == []
    assert request_keys(client) == 0


def test_a_refusal_shreds_the_contact_and_shows_the_reason(client: TestClient) -> None:
    status = status_path(submit(client).text)
    request_id = request_id_of(client)
    reason = {"reason": "本人確認ができませんでした / identity not verified"}
    done = client.post(f"/api/v1/requests/{request_id}/refuse", json=reason, headers=OFFICER)
    assert done.json()["state"] == "refused"
    assert held_items(client.app.state.context.store, request_id) == []
    assert request_keys(client) == 0
    assert "identity not verified" in client.get(status).text


def test_the_photo_is_deleted_once_matched_and_the_visits_disclosed(
    repeat_client: TestClient,
) -> None:
    use_fixed_faces(repeat_client)
    enrol(repeat_client)
    photo = png_photo()
    status = status_path(submit(repeat_client, photo=photo).text)
    request_id = request_id_of(repeat_client)
    client = repeat_client
    client.post(f"/api/v1/requests/{request_id}/identity", json=IDENTITY, headers=OFFICER)
    ran = client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER).json()
    assert (ran["state"], ran["answer"]) == ("completed", "matched")
    store = client.app.state.context.store
    held = held_items(store, request_id)
    assert "photo" not in held and "contact" not in held
    assert held == ["answer.html", "answer.json", "answer.pdf"]
    if store.engine.dialect.name == "sqlite":
        assert photo[200:264] not in database_bytes(store)
    answer = client.get(status + "/answer.json").json()
    assert answer["match"] == "matched"
    assert len(answer["visits"]) == 0  # enrolled, no visit recorded yet
    assert "matched exactly one" in client.get(status + "?lang=en").text


def test_a_deletion_by_photo_deletes_the_visitor(repeat_client: TestClient) -> None:
    use_fixed_faces(repeat_client)
    enrol(repeat_client)
    submit(repeat_client, "deletion", photo=png_photo())
    request_id = request_id_of(repeat_client)
    client = repeat_client
    client.post(f"/api/v1/requests/{request_id}/identity", json=IDENTITY, headers=OFFICER)
    client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER)
    shown = client.get(f"/api/v1/requests/{request_id}", headers=OFFICER).json()
    assert shown["outcome"]["deleted"] == {"templates": 1, "visits": 0}


def test_an_unusable_photo_is_deleted_at_once(repeat_client: TestClient) -> None:
    use_fixed_faces(repeat_client, faces=2)
    submit(repeat_client, photo=png_photo())
    request_id = request_id_of(repeat_client)
    client = repeat_client
    client.post(f"/api/v1/requests/{request_id}/identity", json=IDENTITY, headers=OFFICER)
    refused = client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER)
    assert refused.status_code == 400 and "2 faces" in refused.json()["detail"]
    assert held_items(client.app.state.context.store, request_id) == ["contact"]
    again = client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER)
    assert again.status_code == 400 and "holds no photo" in again.json()["detail"]


def test_the_requests_and_incidents_api_is_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/requests",
        "/api/v1/requests/{request_id}",
        "/api/v1/requests/{request_id}/identity",
        "/api/v1/requests/{request_id}/run",
        "/api/v1/requests/{request_id}/refuse",
        "/api/v1/requests/{request_id}/answer.{fmt}",
        "/api/v1/incidents",
        "/api/v1/incidents/{incident_id}/assess",
        "/api/v1/incidents/{incident_id}/drafts/{stage}",
    ):
        assert path in paths
    assert not any(path.startswith("/officer") for path in paths)


def test_an_opt_out_by_photo_seals_an_exclusion_and_deletes_the_visitor(
    repeat_client: TestClient,
) -> None:
    use_fixed_faces(repeat_client)
    enrol(repeat_client)
    status = status_path(submit(repeat_client, "opt_out", photo=png_photo()).text)
    request_id = request_id_of(repeat_client)
    client = repeat_client
    client.post(f"/api/v1/requests/{request_id}/identity", json=IDENTITY, headers=OFFICER)
    client.post(f"/api/v1/requests/{request_id}/run", headers=OFFICER)
    outcome = client.get(f"/api/v1/requests/{request_id}", headers=OFFICER).json()["outcome"]
    assert outcome["exclusion_id"] and outcome["deleted"]["templates"] == 1
    assert "No later capture of you will be recorded" in client.get(status + "?lang=en").text
