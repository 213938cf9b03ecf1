"""``/dashboard/held`` (what is held now) and ``/dashboard/audit`` (the viewer and verify)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from privacam.records import CrowdInterval
from privacam.server.access import Role
from privacam.store import Store
from privacam.store.holdings import holdings
from tests.server.fakes import as_role

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def crowd_rows(n: int) -> list[CrowdInterval]:
    return [
        CrowdInterval(
            window_start=T0 + timedelta(minutes=m),
            window_end=T0 + timedelta(minutes=m + 1),
            camera_id="cam1",
            area="all",
            moving=m,
            still=0,
            congestion_level=0,
        )
        for m in range(n)
    ]


@pytest.mark.parametrize("path", ["/dashboard/held", "/dashboard/audit"])
def test_an_analyst_gets_403_on_what_is_held_and_the_audit_log(client: TestClient, path) -> None:
    assert client.get(path, headers=as_role(Role.ANALYST)).status_code == 403
    assert client.get(path, headers=as_role(Role.PRIVACY_OFFICER)).status_code == 200


def test_the_held_page_shows_the_stores_numbers_per_data_class(
    client: TestClient, server_store: Store, loaded
) -> None:
    server_store.write(crowd_rows(3))
    page = client.get("/dashboard/held?lang=en", headers=as_role(Role.PRIVACY_OFFICER))
    assert page.status_code == 200
    shown = dict(re.findall(r'data-what="(\w+)">.*?data-testid="rows">(\d+)<', page.text, re.S))
    expected = {h.what: str(h.rows) for h in holdings(server_store, loaded)}
    assert shown == expected and shown["crowd_intervals"] == "3"
    row = page.text[page.text.index('data-what="crowd_intervals"') :]
    # The oldest window ended 09:01 Tokyo time; kept 3 years (statistics) from then.
    assert "2026-04-01 09:01" in row and "2029-03-31 09:01" in row
    assert '<section class="held-group" data-class="accountability">' in page.text


def fill(store: Store, n: int) -> None:
    for i in range(n):
        store.audit.append("export" if i % 3 == 0 else "run.start", f"subject {i}", {"i": i})


def test_the_audit_viewer_pages_newest_first_and_filters_by_action(
    client: TestClient, server_store: Store
) -> None:
    fill(server_store, 60)
    first = client.get("/dashboard/audit", headers=as_role(Role.ADMIN)).text
    seqs = [int(s) for s in re.findall(r'<tr data-seq="(\d+)"', first)]
    assert seqs == list(range(60, 10, -1))  # 50 a page, newest first
    assert 'href="/dashboard/audit?page=2"' in first
    second = client.get("/dashboard/audit?page=2", headers=as_role(Role.ADMIN)).text
    assert [int(s) for s in re.findall(r'<tr data-seq="(\d+)"', second)] == list(range(10, 0, -1))
    exports = client.get("/dashboard/audit?action=export", headers=as_role(Role.ADMIN)).text
    shown = re.findall(r'<tr data-seq="(\d+)" data-action="([^"]*)">', exports)
    assert len(shown) == 20 and {action for _, action in shown} == {"export"}
    assert 'data-testid="audit-total">' in exports and "20</p>" in exports


def test_verify_shows_the_chains_verdict_and_is_itself_audited(
    client: TestClient, server_store: Store
) -> None:
    fill(server_store, 3)
    page = client.post("/dashboard/audit/verify?lang=en", headers=as_role(Role.PRIVACY_OFFICER))
    assert page.status_code == 200
    assert 'data-ok="true"' in page.text and "The chain verifies" in page.text
    last = list(server_store.audit.entries())[-1]
    assert (last.action, last.actor) == ("audit.verify", "user:privacy_officer")
    assert '"ok":true' in last.details and '"entries":3' in last.details
    assert f"This verification is audit entry seq {last.seq}." in page.text


def test_verify_names_an_edited_entry_and_leaves_the_broken_chain_as_it_is(
    client: TestClient, server_store: Store
) -> None:
    fill(server_store, 3)
    with server_store.engine.begin() as connection:  # someone with write access to the database
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        connection.execute(text("UPDATE audit_log SET subject = 'nothing' WHERE seq = 2"))
    page = client.post("/dashboard/audit/verify?lang=en", headers=as_role(Role.ADMIN))
    assert 'data-ok="false"' in page.text and "seq 2: MAC mismatch" in page.text
    assert "Nothing is appended to a broken chain" in page.text
    assert [e.seq for e in server_store.audit.entries()] == [1, 2, 3]


def test_verify_with_the_head_file_missing_appends_nothing(
    sqlite_client: TestClient, sqlite_server_store: Store
) -> None:
    fill(sqlite_server_store, 3)
    sqlite_server_store.audit.head_path.unlink()  # removed, as a truncation would hide it
    sqlite_client.post("/dashboard/audit/verify?lang=en", headers=as_role(Role.ADMIN))
    assert [e.seq for e in sqlite_server_store.audit.entries()] == [1, 2, 3]
