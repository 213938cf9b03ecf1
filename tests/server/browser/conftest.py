"""The browser-test harness: the real app under uvicorn over a seeded store, and Playwright
pages on Debian's Chromium (``tests/helpers/browser.py``).

Every test in this folder is marked ``browser`` (added here, on collection). A test asks
for ``page`` (a Playwright page whose ``base_url`` is the live server, locale ja-JP, time
zone Asia/Tokyo) and goes ``page.goto("/congestion")``; ``live_server`` gives the URL,
the context and the store. The fixtures a test module may override:

- ``viewport``: ``DESKTOP`` (1280×800) unless the test says otherwise, e.g.
  ``@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])``;
- ``live_authenticator``: the test authenticator (bearer ``test-<role>``, see
  ``tests/server/fakes.py``; ``tests.helpers.browser.sign_in_as`` sets the header on a page); a sign-in
  test overrides it with the real ``StoreAuthenticator``;
- ``live_app``: the app served (override it to add routers or settings);
- ``live_store``: SQLite, or PostgreSQL when the test is marked ``postgres``; seeded with
  ``seed_crowd`` (the crowd deployment's ``cam1``/``concourse`` windows, both above
  and below k) so public pages have something to show.

``console_errors`` collects the page's console errors and uncaught exceptions (a
Content-Security-Policy refusal shows up there): assert it is empty at the end of a test.
Screenshots for the docs: ``screenshot(page, "name")`` → ``docs/screenshots/name.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from privacam.policy.loader import LoadedSpec
from privacam.server.app import create_app
from privacam.server.context import ServerContext, ServerSettings
from privacam.store import Store
from tests.helpers.browser import DESKTOP, require_chromium, require_playwright, seed_crowd
from tests.helpers.live_server import serving
from tests.server.fakes import FixedAuthenticator
from tests.store.conftest import postgres_schema_url

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveServer:
    """A running server: its base URL (``http://127.0.0.1:PORT``), context and store."""

    url: str
    context: ServerContext

    @property
    def store(self) -> Store:
        return self.context.store


@pytest.fixture
def live_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """SQLite, or a fresh PostgreSQL schema when the test is marked ``postgres``; seeded."""
    with ExitStack() as stack:
        if request.node.get_closest_marker("postgres"):
            url = stack.enter_context(contextmanager(postgres_schema_url)())
            opened = Store.open(url, head_path=tmp_path / "head.json")
        else:
            opened = Store.open(f"sqlite:///{tmp_path / 'privacam.db'}")
        stack.callback(opened.close)
        seed_crowd(opened, datetime.now(UTC))
        yield opened


@pytest.fixture
def live_authenticator() -> Any:
    return FixedAuthenticator()


@pytest.fixture
def live_context(loaded: LoadedSpec, live_store: Store) -> ServerContext:
    # Plain http on 127.0.0.1: browsers still accept Secure cookies there.
    return ServerContext(loaded=loaded, store=live_store, settings=ServerSettings())


@pytest.fixture
def live_app(live_context: ServerContext, live_authenticator: Any) -> Any:
    return create_app(live_context, live_authenticator)


@pytest.fixture
def live_server(live_app: Any) -> Iterator[LiveServer]:
    with serving(live_app) as url:
        yield LiveServer(url=url, context=live_app.state.context)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (launching takes about a second)."""
    executable = require_chromium()
    sync_api = require_playwright()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable))
        yield browser
        browser.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    return DESKTOP


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def page(
    chromium: Any, live_server: LiveServer, viewport: dict[str, int], console_errors: list[str]
) -> Iterator[Any]:
    """A fresh page (own cookies) on the live server, as a Japanese visitor would open it."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        is_mobile=viewport["width"] < 600,
        has_touch=viewport["width"] < 600,
    )
    opened = context.new_page()
    opened.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    opened.on("pageerror", lambda error: console_errors.append(str(error)))
    yield opened
    context.close()
