"""The public congestion page in a real browser on a phone: readable at 390 px, small counts
suppressed, refreshed by htmx as an edge node pushes new windows, and current on a plain reload
without JavaScript. Takes ``docs/screenshots/congestion-phone.png``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

import privacam.server.routes.congestion as congestion_routes
from privacam.records import CrowdInterval
from privacam.server.access import Role
from privacam.store.push_codec import encode
from privacam.store.push_kinds import push_id
from tests.helpers.browser import PHONE, screenshot
from tests.server.fakes import as_role

pytestmark = pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])


def window(area: str, moving: int, still: int, level: int, *, ahead: int = 0) -> CrowdInterval:
    """cam1's one-minute window ending ``ahead`` minutes after the current minute."""
    end = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=ahead)
    return CrowdInterval(
        window_start=end - timedelta(minutes=1),
        window_end=end,
        camera_id="cam1",
        area=area,
        moving=moving,
        still=still,
        congestion_level=level,
    )


@pytest.fixture
def quick_polling(monkeypatch) -> None:
    """Poll every second and let the browser revalidate each time, so the test is short."""
    monkeypatch.setattr(congestion_routes, "POLL_SECONDS", 1)
    monkeypatch.setattr(congestion_routes, "MAX_AGE", 0)


def test_the_congestion_page_fits_a_phone_and_refreshes_itself_after_a_node_pushes(
    page, live_server, console_errors, quick_polling
) -> None:
    # The newest minute: the whole view, and the concourse's replacing the seed's last one.
    live_server.store.write([window("all", 52, 14, 3), window("concourse", 38, 7, 2)])
    page.goto("/congestion")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    whole, concourse = page.locator(".area").all()
    assert "大変混雑" in whole.inner_text() and "66" in whole.inner_text()
    # 38 moving, 7 staying (below k = 10: not shown, nor the total it would give away).
    assert "38" in concourse.inner_text() and "非表示" in concourse.inner_text()
    assert "混雑" in concourse.inner_text()
    assert concourse.locator("dd", has_text="7").count() == 0
    screenshot(page, "congestion-phone")

    # An edge node pushes the next minute through the push endpoint, as `run --push` does.
    newer = window("concourse", 61, 24, 3, ahead=1)
    batch = {
        "records": [{"id": push_id("edge-a", newer), "kind": newer.kind, "record": encode(newer)}]
    }
    pushed = httpx.post(f"{live_server.url}/api/v1/push", json=batch, headers=as_role(Role.NODE))
    assert pushed.status_code == 200, pushed.text
    page.locator(".area dd", has_text="85").wait_for(timeout=15_000)  # swapped in by htmx
    assert "大変混雑" in page.locator(".area").nth(1).inner_text()
    assert console_errors == []  # no Content-Security-Policy refusal, no script error


def test_without_javascript_a_reload_shows_the_newest_window(
    chromium, live_server, viewport
) -> None:
    context = chromium.new_context(
        base_url=live_server.url, viewport=viewport, locale="ja-JP", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/congestion")
        assert "38" in page.locator(".area").nth(1).inner_text()  # the seed's newest
        assert page.locator(".area dd", has_text="50").count() == 0
        live_server.store.write([window("concourse", 30, 20, 2, ahead=1)])
        page.reload()
        assert page.locator(".area dd", has_text="50").count() == 1
        assert "混雑" in page.locator(".area").nth(1).inner_text()
    finally:
        context.close()
