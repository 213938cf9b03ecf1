"""``/dashboard/counts``: charts' data, the same numbers as tables, the range picker, scope."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from privacam.records import LineCount
from privacam.server.access import Principal, Role
from privacam.server.pages import STATIC_DIR
from tests.server.conftest import loaded_template, make_client
from tests.server.fakes import FixedAuthenticator, as_role

#: 2026-04-01 00:00 in Tokyo.
MIDNIGHT = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
H = timedelta(hours=1)


def count(start: datetime, n: int, camera_id: str = "cam1", direction: str = "in") -> LineCount:
    return LineCount(
        window_start=start, window_end=start + timedelta(minutes=15), camera_id=camera_id,
        line="L1", direction=direction, class_name="person", count=n,
    )  # fmt: skip


def chart_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page, re.S)
    assert block, "the page carries no chart data"
    return json.loads(block.group(1))


def at(client: TestClient, moment: datetime) -> None:
    client.app.state.context.clock = lambda: moment


def test_the_counts_page_charts_each_line_per_direction_and_class(client: TestClient) -> None:
    store = client.app.state.context.store
    store.write([count(MIDNIGHT + 9 * H, 4), count(MIDNIGHT + 9 * H, 1, direction="out")])
    page = client.get(
        "/dashboard/counts?from=2026-04-01&to=2026-04-01", headers=as_role(Role.ANALYST)
    )
    assert page.status_code == 200
    data = chart_data(page.text)
    assert data["timezone"] == "Asia/Tokyo" and data["unit"] == "hour"
    assert len(data["x"]) == 24 and data["x"][0] == int(MIDNIGHT.timestamp())
    (chart,) = data["charts"]
    assert chart["title"].startswith("cam1 · ")
    by_label = {s["label"]: s["values"] for s in chart["series"]}
    assert by_label["in · person"][9] == 4 and by_label["out · person"][9] == 1
    assert by_label["in · person"][8] is None


def test_the_table_shows_the_same_numbers_and_a_dash_where_nothing_was_stored(
    sqlite_client: TestClient,
) -> None:
    sqlite_client.app.state.context.store.write([count(MIDNIGHT + 9 * H, 4)])
    page = sqlite_client.get(
        "/dashboard/counts?from=2026-04-01&to=2026-04-01", headers=as_role(Role.ADMIN)
    ).text
    row = re.search(
        r'<time datetime="2026-04-01T09:00:00\+09:00">04-01 09:00</time></th>(.*?)</tr>', page, re.S
    )
    assert row and '<td class="num">4</td>' in row.group(1)
    row = re.search(
        r'<time datetime="2026-04-01T08:00:00\+09:00">04-01 08:00</time></th>(.*?)</tr>', page, re.S
    )
    assert row and "—" in row.group(1) and ">0<" not in row.group(1)


def test_a_preset_button_wins_over_the_dates_and_ends_today_locally(
    sqlite_client: TestClient,
) -> None:
    at(sqlite_client, MIDNIGHT + 30 * H)  # 2 April, 06:00 in Tokyo
    page = sqlite_client.get(
        "/dashboard/counts?from=2026-01-01&to=2026-01-02&preset=30d", headers=as_role(Role.ADMIN)
    ).text
    assert 'name="from" value="2026-03-04"' in page and 'name="to" value="2026-04-02"' in page
    assert 'value="30d" aria-pressed="true"' in page
    assert chart_data(page)["unit"] == "day"


def test_the_default_range_is_the_last_seven_days(sqlite_client: TestClient) -> None:
    at(sqlite_client, MIDNIGHT + 12 * H)
    page = sqlite_client.get("/dashboard/counts", headers=as_role(Role.ADMIN)).text
    assert 'name="from" value="2026-03-26"' in page and 'name="to" value="2026-04-01"' in page


def test_a_bad_date_is_a_400_page_with_the_reason_not_a_500(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/dashboard/counts?from=yesterday", headers=as_role(Role.ADMIN))
    assert page.status_code == 400
    assert "YYYY-MM-DD" in page.text and 'role="alert"' in page.text
    backwards = sqlite_client.get(
        "/dashboard/counts?from=2026-04-02&to=2026-04-01", headers=as_role(Role.ADMIN)
    )
    assert backwards.status_code == 400 and "before it starts" in backwards.text


def test_an_analyst_scoped_to_cam1_sees_no_other_cameras_counts(loaded, server_store) -> None:
    server_store.write([count(MIDNIGHT, 3), count(MIDNIGHT, 8, camera_id="cam2")])
    scoped = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam1"}))
    with make_client(loaded, server_store, FixedAuthenticator([scoped])) as client:
        page = client.get(
            "/dashboard/counts?from=2026-04-01&to=2026-04-01",
            headers={"Authorization": "Bearer test-aiko"},
        ).text
    titles = [c["title"] for c in chart_data(page)["charts"]]
    assert titles == ["cam1 · L1"]


def test_a_line_is_titled_with_its_label_from_the_deployment(tmp_path, sqlite_server_store) -> None:
    loaded = loaded_template("counting", tmp_path)
    camera = loaded.spec.cameras[0]
    line = camera.lines[0]
    sqlite_server_store.write(
        [count(MIDNIGHT, 2, camera_id=camera.id).__class__(
            window_start=MIDNIGHT, window_end=MIDNIGHT + H, camera_id=camera.id,
            line=line.name, direction="in", class_name="car", count=2)]
    )  # fmt: skip
    with make_client(loaded, sqlite_server_store) as client:
        page = client.get(
            "/dashboard/counts?from=2026-04-01&to=2026-04-01&lang=en", headers=as_role(Role.ADMIN)
        ).text
    expected = line.label.get("en") if line.label else line.name
    assert chart_data(page)["charts"][0]["title"] == f"{camera.id} · {expected}"


def test_the_chart_page_loads_only_vendored_files_and_no_inline_script(
    sqlite_client: TestClient,
) -> None:
    page = sqlite_client.get("/dashboard/counts", headers=as_role(Role.ADMIN)).text
    sources = [urlsplit(s).path for s in re.findall(r'<script src="([^"]+)"', page)]
    # the chart's own two, after whatever every page loads (the CSRF helper)
    assert sources[-2:] == ["/static/vendor/uplot/uPlot.iife.min.js", "/static/dashboard.js"]
    for source in sources:
        assert (STATIC_DIR / source.removeprefix("/static/")).is_file()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [' type="application/json" id="chart-data"']
    assert " style=" not in page and "onclick" not in page


def test_the_vendored_uplot_is_the_pinned_version() -> None:
    from tests.server.test_vendored import vendor_script

    (uplot,) = [p for p in vendor_script().PACKAGES if p.package == "uplot"]
    head = (STATIC_DIR / "vendor" / "uplot" / "uPlot.iife.min.js").read_text()[:200]
    assert f"(v{uplot.version})" in head
    assert "MIT License" in (STATIC_DIR / "vendor" / "uplot" / "LICENSE").read_text()


def test_the_unit_follows_the_range_unless_one_was_asked_for(sqlite_client: TestClient) -> None:
    two_days = "/dashboard/counts?from=2026-04-01&to=2026-04-02"
    auto = sqlite_client.get(f"{two_days}&unit=", headers=as_role(Role.ADMIN)).text
    assert chart_data(auto)["unit"] == "hour" and '<option value="" selected>' in auto
    asked = sqlite_client.get(f"{two_days}&unit=day", headers=as_role(Role.ADMIN)).text
    assert chart_data(asked)["unit"] == "day" and '<option value="day" selected>' in asked
    wrong = sqlite_client.get(f"{two_days}&unit=week", headers=as_role(Role.ADMIN))
    assert wrong.status_code == 400 and "unknown unit" in wrong.text


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_date_at_the_calendars_edge_is_refused_with_a_message_not_a_500(
    sqlite_client: TestClient, day: str
) -> None:
    page = sqlite_client.get(
        f"/dashboard/counts?from={day}&to={day}&lang=en", headers=as_role(Role.ADMIN)
    )
    assert page.status_code == 400
    assert "dates must lie between" in page.text
