"""The dashboard's shell and overview: sections per role, the deployment, the newest windows,
and an analyst's camera scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from privacam.policy.case_profiles import PROFILES
from privacam.records import LineCount
from privacam.server.access import Principal, Role
from privacam.server.dashboard import SECTIONS, section, sections_for
from tests.server.conftest import make_client
from tests.server.fakes import FixedAuthenticator, as_role

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def line_count(camera_id: str, start: datetime, count: int = 3) -> LineCount:
    return LineCount(
        window_start=start,
        window_end=start + timedelta(minutes=15),
        camera_id=camera_id,
        line="L1",
        direction="in",
        class_name="person",
        count=count,
    )


def test_the_overview_names_the_case_cameras_and_newest_window_in_local_time(
    client: TestClient,
) -> None:
    store = client.app.state.context.store
    store.write([line_count("cam1", T0), line_count("cam1", T0 + timedelta(minutes=15))])
    page = client.get("/dashboard", headers=as_role(Role.ANALYST))
    assert page.status_code == 200
    profile = PROFILES[client.app.state.context.spec.case]
    assert f"{profile.number} {profile.title.ja}" in page.text and "cam1" in page.text
    # 00:15–00:30 UTC is 09:15–09:30 in Asia/Tokyo, the template's time zone.
    assert "2026-04-01 09:15–09:30" in page.text
    assert (
        '<a href="/dashboard/counts">通過数</a> <code>line_counts</code></td><td>cam1</td><td>2</td>'
        in page.text
    )


def test_the_dashboard_nav_offers_an_analyst_no_officer_page(client: TestClient) -> None:
    page = client.get("/dashboard", headers=as_role(Role.ANALYST)).text
    assert 'href="/dashboard/counts"' in page
    assert 'href="/dashboard/held"' not in page and 'href="/dashboard/audit"' not in page
    officer = client.get("/dashboard", headers=as_role(Role.PRIVACY_OFFICER)).text
    assert 'href="/dashboard/held"' in officer and 'href="/dashboard/audit"' in officer


def test_the_current_section_is_marked_in_the_nav(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/dashboard", headers=as_role(Role.ADMIN)).text
    assert '<a href="/dashboard" aria-current="page">概要</a>' in page


def test_the_dashboard_reads_in_english_on_request(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/dashboard?lang=en", headers=as_role(Role.ADMIN)).text
    assert "Latest windows" in page and "最新の集計期間" not in page


def test_an_analyst_scoped_to_other_cameras_sees_none_of_cam1(loaded, server_store) -> None:
    server_store.write([line_count("cam1", T0)])
    scoped = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam2"}))
    with make_client(loaded, server_store, FixedAuthenticator([scoped])) as client:
        page = client.get("/dashboard", headers={"Authorization": "Bearer test-aiko"}).text
    assert "cam1" not in page
    assert "閲覧できるカメラはありません" in page


def test_an_edge_node_may_not_open_the_dashboard(sqlite_client: TestClient) -> None:
    assert sqlite_client.get("/dashboard", headers=as_role(Role.NODE)).status_code == 403
    assert sqlite_client.get("/dashboard").status_code == 401


def test_sections_are_found_by_name_and_filtered_by_role() -> None:
    assert section("held").roles == frozenset({Role.ADMIN, Role.PRIVACY_OFFICER})
    node = Principal(name="edge", role=Role.NODE)
    assert sections_for(node) == []
    admin = Principal(name="root", role=Role.ADMIN)
    assert sections_for(admin) == list(SECTIONS)


def test_every_window_kind_has_a_name_in_both_languages_and_a_real_section() -> None:
    from privacam.server.routes.dashboard import KIND_LABELS
    from privacam.store.latest import WINDOW_KINDS

    assert set(KIND_LABELS) == {kind.kind for kind in WINDOW_KINDS}
    names = {s.name for s in SECTIONS}
    assert all(shown_in is None or shown_in in names for _, _, shown_in in KIND_LABELS.values())
