"""``/dashboard/heatmap``: case ②'s stored grids summed over a range, drawn on the floor plan."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from privacam.policy.floor_plan import write_sample_floor_plan_beside
from privacam.records import HeatmapWindow
from privacam.server.access import Principal, Role
from privacam.server.heatmap_view import OPACITY, SCALE, SUPPRESSED_RGB
from privacam.store import Store
from tests.server.conftest import loaded_template, make_client
from tests.server.fakes import FixedAuthenticator, as_role

#: 2026-04-01 09:00 in Tokyo, the flow template's time zone.
T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
ROWS, COLS = 30, 40  # the sample plan (800 x 600 px, 40 m x 30 m) in 1 m cells of 20 px
CELL = 20


def grid(cells: dict[tuple[int, int], int]) -> tuple[tuple[int, ...], ...]:
    counts = np.zeros((ROWS, COLS), dtype=int)
    for (r, c), n in cells.items():
        counts[r, c] = n
    return tuple(tuple(int(v) for v in row) for row in counts)


def heatmap(hour: int, cells: dict[tuple[int, int], int], camera_id: str = "cam1"):
    return HeatmapWindow(
        window_start=T0 + timedelta(hours=hour),
        window_end=T0 + timedelta(hours=hour + 1),
        camera_id=camera_id,
        rows=ROWS,
        cols=COLS,
        counts=grid(cells),
    )


@pytest.fixture
def flow(tmp_path: Path, server_store: Store) -> Iterator[tuple[TestClient, Store, Path]]:
    loaded = loaded_template("flow", tmp_path)
    plan = write_sample_floor_plan_beside(tmp_path / "privacam.yaml")
    assert plan is not None
    with make_client(loaded, server_store) as client:
        yield client, server_store, plan


def png_pixels(response) -> np.ndarray:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    return np.asarray(Image.open(io.BytesIO(response.content)).convert("RGB"))


def cell_box(r: int, c: int) -> tuple[slice, slice]:
    return slice(r * CELL, (r + 1) * CELL), slice(c * CELL, (c + 1) * CELL)


def blended(colour: np.ndarray, plan: np.ndarray) -> np.ndarray:
    return np.round(OPACITY * colour + (1 - OPACITY) * plan.astype(np.float64)).astype(np.uint8)


def test_a_heatmap_png_is_drawn_on_the_floor_plan_and_holds_no_other_pixels(flow) -> None:
    client, store, plan_path = flow
    store.write([heatmap(0, {(5, 5): 8, (10, 20): 30}), heatmap(1, {(5, 5): 4})])
    image = png_pixels(
        client.get(
            "/dashboard/heatmap.png?from=2026-04-01&to=2026-04-01", headers=as_role(Role.ANALYST)
        )
    )
    plan = np.asarray(Image.open(plan_path).convert("RGB"))
    assert image.shape == plan.shape
    counted = np.zeros(plan.shape[:2], dtype=bool)
    for r, c in ((5, 5), (10, 20)):
        counted[cell_box(r, c)] = True
    # Outside the counted cells every pixel is the plan's own.
    assert np.array_equal(image[~counted], plan[~counted])
    # Inside, the plan blended with the scale colour of the cell's sum (12 and 30 visits;
    # the peak 30 is the top of the scale): nothing else, so no camera pixel can be there.
    for (r, c), total in (((5, 5), 12), ((10, 20), 30)):
        box = cell_box(r, c)
        colour = SCALE[round(total / 30 * 255)].astype(np.float64)
        assert np.array_equal(image[box], blended(colour, plan[box]))
        assert not np.array_equal(image[box], plan[box])


def test_cells_below_k_are_grey_and_the_scale_peaks_at_the_largest_shown_cell(flow) -> None:
    client, store, plan_path = flow
    store.write([heatmap(0, {(2, 3): 4, (7, 7): 25})])  # k is 10 in the template
    image = png_pixels(client.get("/dashboard/heatmap.png", headers=as_role(Role.ADMIN)))
    plan = np.asarray(Image.open(plan_path).convert("RGB"))
    box = cell_box(2, 3)
    assert np.array_equal(image[box], blended(SUPPRESSED_RGB, plan[box]))
    page = client.get("/dashboard/heatmap", headers=as_role(Role.ADMIN))
    assert page.status_code == 200
    assert 'data-testid="heatmap-peak"><span>0</span><span>25</span>' in page.text


def test_the_page_names_the_unit_the_range_and_the_zones(flow) -> None:
    client, store, _ = flow
    store.write([heatmap(0, {(5, 5): 12}), heatmap(30, {(5, 5): 12})])  # day 1 and day 2
    page = client.get(
        "/dashboard/heatmap?from=2026-04-01&to=2026-04-01&lang=en", headers=as_role(Role.ANALYST)
    )
    assert page.status_code == 200
    text = page.text
    assert "Unit: visits per cell" in text and "1.0 m × 1.0 m" in text
    assert "2026-04-01 – 2026-04-01 (Asia/Tokyo)" in text
    assert "windows 1 " in text  # the second day's window is outside the range
    assert ">Entrance</text>" in text  # the template's zone, placed on the plan
    assert 'href="/dashboard/heatmap.png?from=2026-04-01&amp;to=2026-04-01"' in text
    assert "<linearGradient" in text
    japanese = client.get("/dashboard/heatmap?lang=ja", headers=as_role(Role.ANALYST)).text
    assert "マスあたりの来店数" in japanese and ">入口</text>" in japanese


def test_the_default_range_is_the_week_up_to_the_newest_window(flow) -> None:
    client, store, _ = flow
    store.write([heatmap(0, {(1, 1): 10})])
    page = client.get("/dashboard/heatmap?lang=en", headers=as_role(Role.ANALYST))
    assert "2026-03-26 – 2026-04-01" in page.text and "windows 1 " in page.text


def test_an_analyst_scoped_to_another_camera_cannot_read_cam1s_heatmap(
    tmp_path: Path, server_store: Store
) -> None:
    loaded = loaded_template("flow", tmp_path)
    write_sample_floor_plan_beside(tmp_path / "privacam.yaml")
    scoped = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam2"}))
    server_store.write([heatmap(0, {(1, 1): 50})])
    with make_client(loaded, server_store, FixedAuthenticator([scoped])) as client:
        headers = {"Authorization": "Bearer test-aiko"}
        assert client.get("/dashboard/heatmap?camera=cam1", headers=headers).status_code == 403
        assert client.get("/dashboard/heatmap.png?camera=cam1", headers=headers).status_code == 403
        # Without a camera, the sum covers the cameras in scope only: nothing of cam1's.
        page = client.get("/dashboard/heatmap?lang=en", headers=headers)
        assert page.status_code == 200 and "No heatmap was stored in this range" in page.text


def test_a_grid_that_does_not_fit_the_plan_is_drawn_on_a_blank_canvas(flow) -> None:
    client, store, _ = flow
    store.write(
        [
            HeatmapWindow(
                window_start=T0,
                window_end=T0 + timedelta(hours=1),
                camera_id="cam1",
                rows=2,
                cols=3,
                counts=((0, 12, 0), (0, 0, 0)),
            )
        ]
    )
    image = png_pixels(client.get("/dashboard/heatmap.png", headers=as_role(Role.ANALYST)))
    assert image.shape[:2] == (2 * 24, 3 * 24)
    assert (image[30:, :] == 245).all()  # the empty row: the blank background only
    page = client.get("/dashboard/heatmap?lang=en", headers=as_role(Role.ANALYST))
    assert "drawn on a blank canvas" in page.text


def test_grids_of_different_shapes_ask_for_one_camera(flow) -> None:
    client, store, _ = flow
    for camera_id, rows in (("cam1", 2), ("cam9", 3)):
        store.write(
            [
                HeatmapWindow(
                    window_start=T0,
                    window_end=T0 + timedelta(hours=1),
                    camera_id=camera_id,
                    rows=rows,
                    cols=3,
                    counts=((0, 12, 0),) * rows,
                )
            ]
        )
    page = client.get("/dashboard/heatmap?lang=en", headers=as_role(Role.ANALYST))
    assert page.status_code == 409 and "choose one camera" in page.text
    assert client.get("/dashboard/heatmap.png", headers=as_role(Role.ANALYST)).status_code == 409
    one = client.get("/dashboard/heatmap?camera=cam1&lang=en", headers=as_role(Role.ANALYST))
    assert one.status_code == 200 and "windows 1 " in one.text


@pytest.mark.parametrize(
    "query", ["from=x", "from=2026-04-02&to=2026-04-01", "from=9999-12-31", "to=0001-01-01"]
)
def test_a_range_that_cannot_be_used_gets_the_default_and_a_message_never_a_500(
    flow, query
) -> None:
    client, _, _ = flow
    page = client.get(f"/dashboard/heatmap?{query}&lang=en", headers=as_role(Role.ANALYST))
    assert page.status_code == 400 and 'class="error" role="alert"' in page.text
    assert (
        client.get(f"/dashboard/heatmap.png?{query}", headers=as_role(Role.ANALYST)).status_code
        == 400
    )
