"""Where the benchmarks find models and media: the environment's folders, else ``../shared``.

``PRIVACAM_MODELS`` and ``PRIVACAM_MEDIA`` may list several folders (``os.pathsep``);
the first that exists wins, as in privacam's own model registry.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO.parent / "shared" / "assets"


def first_dir(env: str, fallback: Path) -> Path:
    """The first existing folder named in ``env``, else ``fallback``."""
    for candidate in os.environ.get(env, "").split(os.pathsep):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return fallback


def media_dir() -> Path:
    return first_dir("PRIVACAM_MEDIA", ASSETS / "media")


def models_dir() -> Path:
    return first_dir("PRIVACAM_MODELS", ASSETS / "models")
