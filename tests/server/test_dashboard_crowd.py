"""``/dashboard/crowd``: case ⑥'s latest window as icons on the floor plan, refreshing itself."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from privacam.policy.floor_plan import write_sample_floor_plan_beside
from privacam.records import CrowdInterval
from privacam.server.access import Principal, Role
from privacam.server.crowd_view import MAX_ICONS, inside, spread
from privacam.store import Store
from tests.server.conftest import make_client
from tests.server.fakes import FixedAuthenticator, as_role

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def interval(minute: int, area: str, moving: int, still: int, level: int, camera_id="cam1"):
    return CrowdInterval(
        window_start=T0 + minute * MINUTE,
        window_end=T0 + (minute + 1) * MINUTE,
        camera_id=camera_id,
        area=area,
        moving=moving,
        still=still,
        congestion_level=level,
    )


@pytest.fixture
def crowd(loaded, server_store: Store) -> Iterator[tuple[TestClient, Store]]:
    write_sample_floor_plan_beside(loaded.path)
    with make_client(loaded, server_store) as client:
        yield client, server_store


def icons_in(html: str, area: str, kind: str) -> int:
    """How many icons of ``kind`` the map draws in ``area`` (camera/area)."""
    match = re.search(rf'data-area="{re.escape(area)}">(.*?)</(g|figure)>', html, re.S)
    assert match, f"no area {area} drawn"
    return match.group(1).count(f'href="#icon-{kind}"')


def test_the_map_shows_the_latest_window_with_moving_and_still_drawn_apart(crowd) -> None:
    client, store = crowd
    store.write(
        [
            interval(0, "all", 40, 40, 3),
            interval(0, "concourse", 30, 30, 3),
            interval(1, "all", 7, 4, 1),
            interval(1, "concourse", 5, 3, 0),
        ]
    )
    page = client.get("/dashboard/crowd?lang=en", headers=as_role(Role.ANALYST))
    assert page.status_code == 200
    html = page.text
    # The zone on the floor plan: its own icons, drawn by kind, and its level.
    assert '<image href="/dashboard/floor-plan.png"' in html
    assert icons_in(html, "cam1/concourse", "moving") == 5
    assert icons_in(html, "cam1/concourse", "still") == 3
    assert 'class="area level-0" data-area="cam1/concourse"' in html
    # The rest of the view (all minus the zone), in a box of its own.
    assert icons_in(html, "cam1/all", "moving") == 2
    assert icons_in(html, "cam1/all", "still") == 1
    # The table gives the stored numbers of the newest window, as stored.
    table = html[html.index('data-testid="crowd-table"') :]
    row = table[table.index('data-area="cam1/all"') :]
    assert re.search(r'data-testid="moving">7<.*?data-testid="still">4<.*?"level">1<', row, re.S)
    assert "As of 2026-04-01 09:02:00 (Asia/Tokyo)" in html


def test_the_page_refreshes_itself_from_the_map_fragment(crowd) -> None:
    client, store = crowd
    store.write([interval(0, "all", 1, 0, 0)])
    page = client.get("/dashboard/crowd", headers=as_role(Role.ADMIN)).text
    assert 'data-poll-url="/dashboard/crowd/map"' in page
    assert 'data-poll-seconds="60"' in page  # the template's overwrite_interval
    assert '<script src="https://testserver/static/dashboard/poll.js" defer></script>' in page
    assert "<script>" not in page and "style=" not in page  # the strict CSP allows neither
    store.write([interval(1, "all", 9, 2, 1)])
    fragment = client.get("/dashboard/crowd/map", headers=as_role(Role.ADMIN))
    assert fragment.status_code == 200 and fragment.headers["cache-control"] == "no-store"
    assert '"moving">9<' in fragment.text and "<html" not in fragment.text
    poll = client.get("/static/dashboard/poll.js")
    assert poll.status_code == 200 and "data-poll-url" in poll.text


def test_the_floor_plan_is_served_as_the_operators_drawing(crowd, loaded) -> None:
    client, _ = crowd
    response = client.get("/dashboard/floor-plan.png", headers=as_role(Role.ANALYST))
    assert response.status_code == 200
    served = np.asarray(Image.open(io.BytesIO(response.content)).convert("RGB"))
    plan = np.asarray(Image.open(loaded.path.parent / "floorplan.png").convert("RGB"))
    assert np.array_equal(served, plan)


def test_without_a_floor_plan_the_areas_are_drawn_on_a_blank_canvas(loaded, server_store) -> None:
    server_store.write([interval(0, "all", 2, 1, 0), interval(0, "concourse", 1, 1, 0)])
    with make_client(loaded, server_store) as client:  # no floorplan.png beside the file
        html = client.get("/dashboard/crowd", headers=as_role(Role.ANALYST)).text
        assert "floor-plan.png" not in html
        assert icons_in(html, "cam1/concourse", "moving") == 1
        assert (
            client.get("/dashboard/floor-plan.png", headers=as_role(Role.ANALYST)).status_code
            == 404
        )


def test_an_analyst_sees_only_the_cameras_in_scope(loaded, server_store) -> None:
    server_store.write([interval(0, "all", 2, 1, 0, "cam1"), interval(0, "all", 8, 8, 2, "cam7")])
    scoped = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam7"}))
    with make_client(loaded, server_store, FixedAuthenticator([scoped])) as client:
        html = client.get("/dashboard/crowd", headers={"Authorization": "Bearer test-aiko"}).text
        assert 'data-area="cam7/all"' in html and 'data-area="cam1/all"' not in html


def test_a_crowd_beyond_the_icon_limit_is_written_as_a_number(crowd) -> None:
    client, store = crowd
    store.write([interval(0, "all", 50, 30, 3), interval(0, "concourse", 50, 30, 3)])
    html = client.get("/dashboard/crowd?lang=en", headers=as_role(Role.ANALYST)).text
    drawn = icons_in(html, "cam1/concourse", "moving") + icons_in(html, "cam1/concourse", "still")
    assert drawn == MAX_ICONS and f"level 3 · +{80 - MAX_ICONS}" in html


def test_icons_are_spread_inside_their_area() -> None:
    box = np.array([[0, 0], [100, 0], [100, 100], [0, 100]], dtype=float)
    points, _ = spread(box, MAX_ICONS)
    assert len(points) == MAX_ICONS and inside(box, points).all()
    triangle = np.array([[0, 0], [100, 0], [0, 100]], dtype=float)
    points, _ = spread(triangle, 25)
    assert len(points) == 25 and inside(triangle, points).all()
    assert len({tuple(p) for p in points}) == 25  # no two icons on one spot
