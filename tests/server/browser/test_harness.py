"""The harness itself: the live server answers a real browser, and Japanese renders as
glyphs in a CJK font (``fonts-noto-cjk``), not as tofu boxes."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from privacam.server.access import public
from privacam.server.pages import render

#: Three different kanji: with no CJK font each becomes the same .notdef box (tofu).
KANJI = ("日", "本", "語")

harness_pages = APIRouter()


@harness_pages.get("/_harness/page", dependencies=[public()], response_class=HTMLResponse)
def harness_page(request: Request) -> HTMLResponse:
    """The bare base template: its language switcher writes 日本語 on every page."""
    return render(request, "base.html")


@pytest.fixture
def live_app(live_app: Any) -> Any:
    live_app.include_router(harness_pages)
    return live_app


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
    page.goto("/_harness/page")
    assert page.locator("html").get_attribute("lang") == "ja"
    fonts = platform_fonts(page, ".languages a")  # 日本語
    cjk = {name: glyphs for name, glyphs in fonts.items() if "CJK" in name}
    assert cjk and sum(cjk.values()) == 3, f"日本語 drawn with {fonts}: install fonts-noto-cjk"
    assert console_errors == []


def test_different_kanji_render_as_different_glyphs_not_tofu(page):
    page.goto("/_harness/page")
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
