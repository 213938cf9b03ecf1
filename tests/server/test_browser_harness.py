"""The browser harness's parts that need no browser: finding Chromium (skip outside CI,
fail in CI), the live uvicorn server, and the screenshot names."""

from __future__ import annotations

import httpx
import pytest

from privacam.server.app import create_app
from privacam.server.context import ServerContext
from tests.helpers.browser import require_chromium, screenshot, screenshot_path
from tests.helpers.live_server import LOOPBACK, serving
from tests.server.fakes import FixedAuthenticator


def test_a_missing_chromium_skips_the_browser_tests_outside_ci(monkeypatch):
    monkeypatch.setenv("PRIVACAM_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make browser-deps"):
        require_chromium()


def test_a_missing_chromium_fails_the_browser_tests_in_ci(monkeypatch):
    monkeypatch.setenv("PRIVACAM_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_chromium()


def test_the_live_server_answers_on_loopback_and_stops_when_left(loaded, server_store):
    app = create_app(ServerContext(loaded=loaded, store=server_store), FixedAuthenticator())
    with serving(app) as url:
        assert url.startswith(f"http://{LOOPBACK}:")
        assert httpx.get(f"{url}/api/health").json()["status"] == "ok"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/api/health", timeout=2)


@pytest.mark.parametrize("name", ["../README", "Dashboard", "a b", ""])
def test_a_screenshot_name_outside_lower_case_letters_digits_and_dashes_is_refused(name):
    with pytest.raises(ValueError, match="screenshot name"):
        screenshot_path(name)


class StillPage:
    """Stands in for a Playwright page whose screenshot is always the same bytes."""

    def __init__(self, png: bytes) -> None:
        self.png = png

    def screenshot(self, **options) -> bytes:
        return self.png


def test_a_screenshot_goes_to_docs_screenshots_and_is_not_rewritten_when_unchanged(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("tests.helpers.browser.SCREENSHOTS", tmp_path / "screenshots")
    path = screenshot(StillPage(b"\x89PNG one"), "congestion-phone")
    assert path == tmp_path / "screenshots" / "congestion-phone.png"
    assert path.read_bytes() == b"\x89PNG one"
    written = path.stat().st_mtime_ns
    screenshot(StillPage(b"\x89PNG one"), "congestion-phone")
    assert path.stat().st_mtime_ns == written
    screenshot(StillPage(b"\x89PNG two"), "congestion-phone")
    assert path.read_bytes() == b"\x89PNG two"
