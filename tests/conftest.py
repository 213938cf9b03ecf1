"""Shared fixtures: where the test assets are, and skips with a reason when they are absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_ASSETS = REPO.parent / "shared" / "assets"


def _first_existing(env: str, fallback: Path) -> Path | None:
    for candidate in [*os.environ.get(env, "").split(os.pathsep), str(fallback)]:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(autouse=True)
def _private_audit_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Every test audits under a key of its own: nothing touches ~/.config/privacam."""
    if "PRIVACAM_AUDIT_KEY_FILE" not in os.environ:
        key_dir = tmp_path_factory.mktemp("audit-key")
        monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(key_dir / "audit.key"))


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The directory of test models (``PRIVACAM_MODELS``, else ``../shared/assets/models``)."""
    found = _first_existing("PRIVACAM_MODELS", SHARED_ASSETS / "models")
    if found is None:
        pytest.skip("test models absent: set PRIVACAM_MODELS or place ../shared/assets/models")
    return found


@pytest.fixture(scope="session")
def media_dir() -> Path:
    """The directory of test media (``PRIVACAM_MEDIA``, else ``../shared/assets/media``)."""
    found = _first_existing("PRIVACAM_MEDIA", SHARED_ASSETS / "media")
    if found is None:
        pytest.skip("test media absent: set PRIVACAM_MEDIA or place ../shared/assets/media")
    return found
