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


def _assets(variable: str, kind: str) -> Path:
    """The folder ``variable`` names, else ``../shared/assets/<kind>``; skips the test if neither."""
    found = _first_existing(variable, SHARED_ASSETS / kind)
    if found is None:
        pytest.skip(f"test {kind} absent: set {variable} or place ../shared/assets/{kind}")
    return found


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The directory of test models (``PRIVACAM_MODELS``, else ``../shared/assets/models``)."""
    return _assets("PRIVACAM_MODELS", "models")


@pytest.fixture(scope="session")
def media_dir() -> Path:
    """The directory of test media (``PRIVACAM_MEDIA``, else ``../shared/assets/media``)."""
    return _assets("PRIVACAM_MEDIA", "media")
