"""A visitor sends a rights request with a photo from a phone, and follows it to its answer.

Case ③ on the real face models: John Salley is enrolled from one crop of his; he asks
for disclosure with another crop, the privacy officer records the identity check and
runs the request, and his status page then shows the match and the letter. The form,
filled in on a phone-sized viewport, is ``docs/screenshots/request-form.png``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.policy.loader import LoadedSpec
from privacam.server.access import Role
from privacam.store.request_items import held_items
from privacam.store.vault import Vault
from tests.server.conftest import loaded_template
from tests.server.fakes import as_role

# The Playwright harness (branch ``browser``): until it is merged this module has nothing
# to run on, and says so.
_harness = pytest.importorskip("tests.helpers.browser", reason="needs the browser harness")
PHONE, screenshot = _harness.PHONE, _harness.screenshot

pytestmark = [pytest.mark.assets, pytest.mark.slow]

PERSON = "John_Salley"


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedSpec:
    return loaded_template("repeat", tmp_path)


@pytest.fixture
def viewport() -> dict[str, int]:
    return PHONE


@pytest.fixture(scope="module")
def tools(models_dir):
    from privacam.rights.photo_setup import DEFAULT_MODEL, photo_tools

    try:
        return photo_tools(DEFAULT_MODEL)
    except InputError as missing:
        pytest.skip(f"face models missing: {missing}")


@pytest.fixture
def crops(media_dir: Path) -> list[Path]:
    return sorted((media_dir / "dlib_johns" / PERSON).iterdir())


def enrol(live_server, tools, crop: Path) -> None:
    image = cv2.imdecode(np.frombuffer(crop.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    feature = tools.embedder.embed(image, tools.detector.detect(image))[0]
    context = live_server.context
    vault = Vault.for_deployment(context.store, context.spec, model=tools.model)
    store_id = context.spec.case_settings.repeat.stores[0]
    vault.enrol(feature, store_id=store_id, seen_at=datetime.now(UTC))


def officer_runs(live_server, request_id: str) -> dict:
    with httpx.Client(base_url=live_server.url, headers=as_role(Role.PRIVACY_OFFICER)) as api:
        checked = api.post(
            f"/api/v1/requests/{request_id}/identity", json={"method": "photo ID at the desk"}
        )
        assert checked.status_code == 200, checked.text
        ran = api.post(f"/api/v1/requests/{request_id}/run", timeout=120)
        assert ran.status_code == 200, ran.text
        return ran.json()


def test_a_request_with_a_photo_is_sent_from_a_phone_and_followed_to_its_answer(
    page, live_server, console_errors, tools, crops
) -> None:
    enrol(live_server, tools, crops[0])
    page.goto("/requests/new")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.check("input[name=kind][value=disclosure]")
    page.fill("#name", "ジョン・サリー")
    page.fill("#contact", "john@example.com")
    page.set_input_files("#photo", str(crops[1]))
    screenshot(page, "request-form")
    page.click("button[type=submit]")
    page.wait_for_selector(".status-link a")
    status_url = page.locator(".status-link a").get_attribute("href")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto(status_url)
    assert "受付済み" in page.locator(".state").inner_text()
    (request_id,) = [r.request_id for r in _requests(live_server)]
    assert held_items(live_server.store, request_id) == ["contact", "photo"]

    ran = officer_runs(live_server, request_id)
    assert (ran["state"], ran["answer"]) == ("completed", "matched")
    assert "photo" not in held_items(live_server.store, request_id)

    page.goto(status_url)
    assert "完了" in page.locator(".state").inner_text()
    assert "一致しました" in page.content()
    with page.expect_download() as download:
        page.click("text=JSON")
    assert b'"match": "matched"' in Path(download.value.path()).read_bytes()
    assert console_errors == []


def _requests(live_server):
    from privacam.rights.requests import RequestLog

    return RequestLog(live_server.store, live_server.context.spec).requests()
