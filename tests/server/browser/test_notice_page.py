"""The rendered notice in a real browser: its own inline stylesheet is allowed by hash
under the strict Content-Security-Policy (nothing refused), and it fits a phone."""

from __future__ import annotations

import pytest

from privacam.policy.floor_plan import write_sample_floor_plan_beside
from privacam.policy.notice import render_notice
from tests.helpers.browser import PHONE


@pytest.fixture
def rendered_notice(loaded) -> None:
    write_sample_floor_plan_beside(loaded.path)  # as `privacam init` does
    render_notice(loaded, loaded.path.parent / "notice")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_rendered_notice_keeps_its_style_under_the_strict_policy(
    rendered_notice, page, console_errors
) -> None:
    response = page.goto("/notice")
    assert response is not None and response.status == 200
    assert "style-src 'self' 'sha256-" in response.headers["content-security-policy"]
    navy = page.locator("header").evaluate("node => getComputedStyle(node).backgroundColor")
    assert navy == "rgb(18, 59, 109)"  # the notice's own --navy: its stylesheet applied
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert console_errors == []
