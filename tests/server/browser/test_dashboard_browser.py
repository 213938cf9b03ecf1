"""The signed-in dashboard in a real browser: sign in through the form, read the overview,
open the counts over time, see uPlot draw them under the strict CSP (no console error), fit
a phone, and take ``docs/screenshots/dashboard-ja.png``.

The clock is fixed so that the screenshot shows the same week every time and is rewritten
only when the page really changed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from privacam.records import LineCount
from privacam.server.auth import StoreAuthenticator
from privacam.store import Store
from tests.helpers.browser import PHONE, screenshot
from tests.server.conftest import loaded_template
from tests.server.signin_helpers import CHEAP_HASHER, PASSWORD

#: 2026-04-07 18:00 in Tokyo: the last day of the week the screenshot shows.
NOW = datetime(2026, 4, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def loaded(tmp_path):
    """Case ④ (counting): named lines give the charts their titles."""
    return loaded_template("counting", tmp_path)


@pytest.fixture
def live_authenticator(live_context) -> Any:
    live_context.clock = lambda: NOW
    authenticator = StoreAuthenticator(live_context, hasher=CHEAP_HASHER)
    authenticator.accounts.add_user("kanri", "admin", PASSWORD)
    return authenticator


def seed_week_of_counts(store: Store, camera_id: str, line: str) -> None:
    """Hourly crossings for the seven days up to NOW, with a three-hour outage (no rows)."""
    rows = []
    for hour in range(7 * 24):
        start = NOW - timedelta(hours=hour + 1)
        if 20 <= hour < 23:  # 19:00-22:00 on 6 April: the camera was off
            continue
        local_hour = (start.hour + 9) % 24
        for direction, rush in (("in", range(7, 10)), ("out", range(17, 20))):
            busy = 40 if local_hour in rush else 6 if local_hour < 6 else 15
            for class_name, share in (("person", 1.0), ("car", 0.4)):
                count = int((busy + (hour * 7) % 9) * share)
                rows.append(
                    LineCount(
                        window_start=start, window_end=start + timedelta(hours=1),
                        camera_id=camera_id, line=line, direction=direction,
                        class_name=class_name, count=count,
                    )
                )  # fmt: skip
    store.write(rows)


def test_an_operator_signs_in_and_reads_the_dashboard_in_japanese(
    page, live_server, console_errors
) -> None:
    camera = live_server.context.spec.cameras[0]
    seed_week_of_counts(live_server.store, camera.id, camera.lines[0].name)

    page.goto("/login")
    page.get_by_label("ユーザー名").fill("kanri")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_url("**/dashboard")
    assert page.locator("h1").inner_text() == "概要"
    assert page.locator(".dashboard .signed-in").inner_text().startswith("kanri")

    page.get_by_role("link", name="通過数の推移").click()
    page.wait_for_selector(".chart.drawn canvas")
    assert page.locator("h1").inner_text() == "通過数の推移"
    # Two days: hourly buckets, the rush hours and the outage (a gap, not a zero) show.
    page.get_by_label("開始日").fill("2026-04-06")
    page.get_by_role("button", name="表示").click()
    page.wait_for_url("**/dashboard/counts?from=2026-04-06&to=2026-04-07*")
    page.wait_for_selector(".chart.drawn canvas")
    assert page.locator("select[name=unit]").input_value() == ""  # auto: hours for two days
    assert page.locator("table time").first.text_content() == "04-06 00:00"
    charts = page.locator(".chart")
    assert charts.count() >= 1 and page.locator(".chart.drawn").count() == charts.count()
    # The chart shows the numbers, so its table folds away; it is still there to open.
    assert page.locator("details.as-table").first.get_attribute("open") is None
    legend = page.locator(".chart .u-legend").first.inner_text()
    assert "in · person" in legend and "時刻" in legend
    screenshot(page, "dashboard-ja")

    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector(".chart.drawn canvas")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the counts page scrolls sideways on a phone ({width} px)"
    assert console_errors == []
