"""``GET /api/v1/aggregates/{case}`` on both backends: folding, suppression, roles, scope."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privacam.cases.registry import CASES
from privacam.server.access import Role
from privacam.server.api.kinds import is_aggregate
from privacam.server.routes.api_aggregates import CASE_AGGREGATES
from privacam.store.rollups import ROLLUPS
from tests.server.api_seed import AS_SCOPED, seeded_client
from tests.server.fakes import as_role


@pytest.fixture
def api(loaded, server_store):
    with seeded_client(loaded, server_store) as client:
        yield client


def series(answer: dict, kind: str) -> list[dict]:
    return next(s["rows"] for s in answer["series"] if s["kind"] == kind)


def test_counting_aggregates_are_counts_per_line_direction_class_and_window(
    api: TestClient,
) -> None:
    answer = api.get("/api/v1/aggregates/counting", headers=as_role(Role.ANALYST)).json()
    rows = series(answer, "line_counts")
    assert [r["count"] for r in rows if r["camera_id"] == "cam1"] == [3, 12, 3, 12]
    first = next(s for s in answer["series"] if s["kind"] == "line_counts")
    assert first["group"] == ["camera_id", "line", "direction", "class_name"]


def test_hourly_aggregates_sum_the_stored_windows(api: TestClient) -> None:
    answer = api.get(
        "/api/v1/aggregates/counting?bucket=hour&camera=cam1", headers=as_role(Role.ADMIN)
    ).json()
    assert [(r["window_start"], r["count"]) for r in series(answer, "line_counts")] == [
        ("2026-04-01T00:00:00Z", 30)
    ]


def test_crowd_aggregates_per_area_weigh_means_and_keep_the_peak_level(api: TestClient) -> None:
    answer = api.get("/api/v1/aggregates/crowd?bucket=hour", headers=as_role(Role.ANALYST)).json()
    [row] = series(answer, "crowd_intervals")
    assert (row["area"], row["moving"], row["still"], row["congestion_level"]) == (
        "concourse",
        25,
        9,
        2,
    )


def test_published_aggregates_suppress_small_cells_as_export_published_does(
    api: TestClient,
) -> None:
    answer = api.get(
        "/api/v1/aggregates/counting?published=true&camera=cam1", headers=as_role(Role.ANALYST)
    ).json()
    assert answer["published"] is True and answer["k"] == 10
    rows = series(answer, "line_counts")
    assert [(r["count"], r["suppressed"]) for r in rows] == [
        (None, True),
        (12, False),
        (None, True),
        (12, False),
    ]


def test_published_cells_are_gated_after_folding(api: TestClient) -> None:
    # 3 + 12 + 3 + 12 = 30 in the hour: the published hour shows it, no cell below k.
    answer = api.get(
        "/api/v1/aggregates/counting?published=true&bucket=hour&camera=cam1",
        headers=as_role(Role.ANALYST),
    ).json()
    assert [(r["count"], r["suppressed"]) for r in series(answer, "line_counts")] == [(30, False)]


def test_a_scoped_analyst_aggregates_only_their_cameras(api: TestClient) -> None:
    assert api.get("/api/v1/aggregates/counting?camera=cam2", headers=AS_SCOPED).status_code == 403
    rows = series(api.get("/api/v1/aggregates/counting", headers=AS_SCOPED).json(), "line_counts")
    assert {r["camera_id"] for r in rows} == {"cam1"}


def test_repeat_aggregates_are_the_visit_window_statistics(api: TestClient) -> None:
    answer = api.get("/api/v1/aggregates/repeat", headers=as_role(Role.ANALYST)).json()
    assert [(r["visits"], r["new_visitors"]) for r in series(answer, "repeat_windows")] == [(1, 1)]


def test_an_unknown_case_is_404_with_the_cases_listed(api: TestClient) -> None:
    for case in ("street", "parking"):
        answer = api.get(f"/api/v1/aggregates/{case}", headers=as_role(Role.ADMIN))
        assert answer.status_code == 404 and "counting" in answer.json()["detail"]


def test_every_cases_statistics_kind_has_aggregates() -> None:
    for case, entry in CASES.items():
        statistics = {kind.kind for kind in entry.record_kinds if is_aggregate(kind)}
        folded = set(CASE_AGGREGATES.get(case, ()))
        assert statistics - {"heatmaps"} == folded, case
        assert folded <= set(ROLLUPS)


def test_hourly_line_counts_match_the_dashboards_series(api: TestClient) -> None:
    from datetime import date

    from privacam.store.series import DateRange, line_count_series

    store = api.app.state.context.store
    period = DateRange(date(2026, 4, 1), date(2026, 4, 1), "Asia/Tokyo")
    table = line_count_series(store, period, "hour")
    dashboard = {s.camera_id: s.total for s in table.series}
    answer = api.get("/api/v1/aggregates/counting?bucket=hour", headers=as_role(Role.ADMIN)).json()
    mine = {r["camera_id"]: r["count"] for r in series(answer, "line_counts")}
    assert mine == dashboard == {"cam1": 30, "cam2": 160}


def test_aggregates_take_the_windows_that_start_in_the_range(api: TestClient) -> None:
    # 09:15 to 10:00 Tokyo: the windows starting 09:15, 09:30 and 09:45 (not 09:00-09:15,
    # whose end is 09:15), all in the 09:00 hour.
    answer = api.get(
        "/api/v1/aggregates/counting",
        params={
            "from": "2026-04-01T09:15",
            "to": "2026-04-01T10:00",
            "camera": "cam1",
            "bucket": "hour",
        },
        headers=as_role(Role.ADMIN),
    ).json()
    assert [r["count"] for r in series(answer, "line_counts")] == [12 + 3 + 12]
