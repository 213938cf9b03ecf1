"""The harness itself: the live server answers a real browser, Japanese renders as glyphs
in a CJK font (``fonts-noto-cjk``), not as tofu boxes, and the real sign-in works."""

from __future__ import annotations

from typing import Any

import pytest

from privacam.server.auth import SESSION_COOKIE
from tests.helpers.browser import sign_in

#: Three different kanji: with no CJK font each becomes the same .notdef box (tofu).
KANJI = ("日", "本", "語")


def test_the_health_endpoint_answers_a_real_browser_over_http(page, live_server, console_errors):
    response = page.goto("/api/health")
    assert response is not None and response.status == 200
    assert response.url == f"{live_server.url}/api/health"
    assert response.json()["status"] == "ok"
    assert console_errors == []


def platform_fonts(page: Any, selector: str) -> dict[str, int]:
    """The fonts Chromium really drew ``selector``'s text with: family → glyph count."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_japanese_text_is_drawn_with_a_noto_cjk_font(page, console_errors):
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "ja"
    heading = page.locator("h1").inner_text()
    assert heading == "サインイン"
    fonts = platform_fonts(page, "h1")
    cjk = {name: glyphs for name, glyphs in fonts.items() if "CJK" in name}
    assert sum(cjk.values()) == len(heading), f"{heading} drawn with {fonts}: no Noto CJK"
    assert console_errors == []


def test_different_kanji_render_as_different_glyphs_not_tofu(page):
    page.goto("/login")
    page.evaluate(
        """kanji => { const main = document.querySelector("main");
        for (const k of kanji) { const s = document.createElement("span");
          s.className = "kanji"; s.textContent = k; main.append(s, " "); } }""",
        list(KANJI),
    )
    spans = page.locator("span.kanji")
    assert spans.count() == len(KANJI)
    images = {spans.nth(index).screenshot(animations="disabled") for index in range(len(KANJI))}
    assert len(images) == len(KANJI), "the kanji look alike: tofu boxes, no CJK font"


@pytest.mark.postgres
def test_a_test_marked_postgres_gets_a_live_server_on_postgresql(page, live_server):
    assert live_server.store.url.startswith("postgresql")
    assert page.goto("/api/health").json()["status"] == "ok"


class TestTheRealSignIn:
    @pytest.fixture
    def live_authenticator(self, store_authenticator):
        return store_authenticator

    def test_sign_in_through_the_form_gives_the_page_a_session_of_that_user(self, page):
        sign_in(page, "analyst")
        me = page.goto("/api/v1/me")
        assert me.status == 200 and me.json()["role"] == "analyst"
        session = [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
        assert session and session[0]["secure"] and session[0]["httpOnly"]

    def test_without_signing_in_the_page_is_nobody(self, page):
        assert page.goto("/api/v1/me").status == 401
