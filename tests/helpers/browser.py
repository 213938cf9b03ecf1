"""Playwright on Debian's Chromium: finding the binary, viewports, and screenshots for docs/.

Playwright's own browser download cannot be fetched on these machines, so the tests
launch the distribution's binary through ``executable_path`` (``make browser-deps``
installs ``chromium-headless-shell`` and ``fonts-noto-cjk``). Outside CI a machine with
no Chromium skips the browser tests and says why; in CI (``CI=true``) it fails them, so
that a missing install is caught instead of passing silently.

>>> PHONE["width"], PHONE["height"], DESKTOP["width"]
(390, 844, 1280)
>>> screenshot_path("congestion-phone").name
'congestion-phone.png'
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from privacam.files import write_atomic
from privacam.records import CrowdInterval
from privacam.server.access import Role
from privacam.store import Store
from tests.server.fakes import as_role

#: Where a different Chromium can be named (e.g. a developer's own build).
CHROMIUM_ENV = "PRIVACAM_CHROMIUM"
#: Debian's binaries, best first: the headless shell (no desktop parts), then the browser.
#: The real binaries, not the /usr/bin shell wrappers, so Playwright's pipe goes straight in.
CHROMIUM_CANDIDATES = (
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium-headless-shell",
    "/usr/bin/chromium",
)

#: The viewports of the issue: a phone (iPhone 12-15 size) and a desktop.
PHONE: dict[str, int] = {"width": 390, "height": 844}
DESKTOP: dict[str, int] = {"width": 1280, "height": 800}

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
_SCREENSHOT_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def find_chromium() -> Path | None:
    """The Chromium binary to drive: ``$PRIVACAM_CHROMIUM``, else Debian's; ``None`` if none."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return Path(named) if Path(named).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    found = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    return Path(found) if found else None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_chromium() -> Path:
    """The Chromium binary, or skip (outside CI) / fail (in CI) with what to install."""
    found = find_chromium()
    if found is not None:
        return found
    reason = (
        "no Chromium for the browser tests: run `make browser-deps` (as root) to install "
        f"Debian's chromium-headless-shell and fonts-noto-cjk, or set {CHROMIUM_ENV}"
    )
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing browser fails instead of skipping)")
    pytest.skip(reason)


def require_playwright() -> Any:
    """``playwright.sync_api``, or skip/fail like :func:`require_chromium`."""
    try:
        from playwright import sync_api
    except ImportError:
        reason = "playwright is not installed: `pip install -e '.[dev]'`"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return sync_api


def screenshot_path(name: str) -> Path:
    if not _SCREENSHOT_NAME.fullmatch(name):
        raise ValueError(f"screenshot name {name!r}: lower-case letters, digits and '-' only")
    return SCREENSHOTS / f"{name}.png"


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save what ``page`` shows as ``docs/screenshots/NAME.png`` (shown in the README).

    The browser tests take the documentation's screenshots themselves, so they never
    drift from the pages. The file is replaced atomically, and left untouched when the
    pixels encode to the same bytes (no needless change in ``git status``).
    """
    path = screenshot_path(name)
    png = page.screenshot(full_page=full_page, animations="disabled", caret="hide")
    if not (path.exists() and path.read_bytes() == png):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, png)
    return path


def sign_in_as(page: Any, role: Role) -> None:
    """Send the test authenticator's bearer header for ``role`` with every request."""
    page.set_extra_http_headers(as_role(role))


def seed_crowd(store: Store, now: datetime, *, minutes: int = 30) -> list[CrowdInterval]:
    """One-minute crowd windows for ``cam1``/``concourse`` ending at ``now``.

    The counts rise and fall between 2 and 45, so some windows fall below the crowd
    template's k = 10 (suppressed on public pages) and the last one is above it.
    """
    end = now.astimezone(UTC).replace(second=0, microsecond=0)
    records = []
    for index in range(minutes):
        start = end - timedelta(minutes=minutes - index)
        moving = (index * 7) % 40 + 2
        still = (index * 3) % 12
        records.append(
            CrowdInterval(
                window_start=start,
                window_end=start + timedelta(minutes=1),
                camera_id="cam1",
                area="concourse",
                moving=moving if index < minutes - 1 else 38,
                still=still if index < minutes - 1 else 7,
                congestion_level=sum(moving + still >= t for t in (10, 30, 60)),
            )
        )
    store.write(records)
    return records
