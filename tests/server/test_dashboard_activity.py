"""``/dashboard/transitions`` and ``/dashboard/repeat``: aggregates over a range, per camera
scope, and never a visitor id."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from privacam.records import RepeatVisit, RepeatVisitWindow, ZoneTransitionCount
from privacam.server.access import Principal, Role
from tests.server.conftest import loaded_template, make_client
from tests.server.fakes import FixedAuthenticator, as_role
from tests.server.test_dashboard_counts import chart_data

MIDNIGHT = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # 2026-04-01 00:00 in Tokyo
H = timedelta(hours=1)
APRIL_1 = "?from=2026-04-01&to=2026-04-01"


def move(a: str, b: str, n: int, camera_id: str = "cam1", start: datetime = MIDNIGHT):
    return ZoneTransitionCount(
        window_start=start, window_end=start + H, camera_id=camera_id,
        from_zone=a, to_zone=b, count=n,
    )  # fmt: skip


def cell(page: str, row: str, column: int) -> str:
    found = re.search(
        rf'<th scope="row">{re.escape(row)}</th>((?:<td class="num">[^<]*</td>)+)', page
    )
    assert found, f"no matrix row {row}"
    return re.findall(r'<td class="num">([^<]*)</td>', found.group(1))[column]


def test_the_transition_matrix_sums_moves_from_row_to_column(client: TestClient) -> None:
    client.app.state.context.store.write(
        [move("a", "b", 4), move("a", "b", 3, start=MIDNIGHT + H), move("b", "a", 1)]
    )
    page = client.get(f"/dashboard/transitions{APRIL_1}", headers=as_role(Role.ANALYST))
    assert page.status_code == 200
    assert cell(page.text, "a", 1) == "7" and cell(page.text, "b", 0) == "1"
    assert cell(page.text, "a", 0) == ""
    assert "a → b: <strong>7</strong>" in page.text


def test_transitions_are_named_by_the_deployments_zone_labels(
    tmp_path, sqlite_server_store
) -> None:
    loaded = loaded_template("flow", tmp_path)
    camera = loaded.spec.cameras[0]
    first = camera.zones[0]
    sqlite_server_store.write([move(first.name, "unnamed", 2, camera_id=camera.id)])
    with make_client(loaded, sqlite_server_store) as client:
        page = client.get(f"/dashboard/transitions{APRIL_1}&lang=en", headers=as_role(Role.ADMIN))
    label = (first.label.get("en") if first.label else first.name).replace("&", "&amp;")
    assert f'<th scope="row">{label}</th>' in page.text
    assert '<th scope="row">unnamed</th>' in page.text  # a zone the file does not name


def test_an_analyst_scoped_to_cam1_sees_no_cam2_transitions(loaded, server_store) -> None:
    server_store.write([move("a", "b", 4), move("x", "y", 9, camera_id="cam2")])
    scoped = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam1"}))
    with make_client(loaded, server_store, FixedAuthenticator([scoped])) as client:
        page = client.get(
            f"/dashboard/transitions{APRIL_1}", headers={"Authorization": "Bearer test-aiko"}
        ).text
    assert "a → b" in page and "cam2" not in page and "x → y" not in page


def repeat_window(start: datetime, visits: int, repeats: int, camera_id: str = "cam1"):
    return RepeatVisitWindow(
        window_start=start, window_end=start + H, camera_id=camera_id, store_id="shop1",
        visits=visits, repeat_visits=repeats, new_visitors=visits - repeats,
    )  # fmt: skip


def test_repeat_statistics_show_visits_repeats_and_share_per_day(client: TestClient) -> None:
    client.app.state.context.store.write(
        [repeat_window(MIDNIGHT + 10 * H, 6, 2), repeat_window(MIDNIGHT + 12 * H, 2, 1)]
    )
    page = client.get(
        "/dashboard/repeat?from=2026-04-01&to=2026-04-02", headers=as_role(Role.ANALYST)
    )
    assert page.status_code == 200
    (chart,) = chart_data(page.text)["charts"]
    assert [s["values"] for s in chart["series"]] == [[8, None], [3, None], [5, None]]
    row = re.search(r'datetime="2026-04-01">2026-04-01</time></th>(.*?)</tr>', page.text, re.S)
    assert row and re.findall(r'<td class="num">([^<]*)</td>', row.group(1)) == [
        "8",
        "3",
        "5",
        "38%",
    ]


def test_the_repeat_page_never_shows_a_visitor_id(sqlite_client: TestClient) -> None:
    visitor = str(uuid.uuid4())
    visit = RepeatVisit(
        visit_id=str(uuid.uuid4()), visitor_id=visitor, store_id="shop1", camera_id="cam1",
        seen_at=MIDNIGHT + 10 * H, repeat=True,
    )  # fmt: skip
    sqlite_client.app.state.context.store.write([visit, repeat_window(MIDNIGHT + 10 * H, 1, 1)])
    for role in (Role.ANALYST, Role.PRIVACY_OFFICER, Role.ADMIN):
        page = sqlite_client.get(f"/dashboard/repeat{APRIL_1}", headers=as_role(role)).text
        assert visitor not in page and visit.visit_id not in page
        assert '<td class="num">1</td>' in page
