"""The face detector and embedder a case ③ request is answered with, loaded once, on first use.

A FastAPI dependency, so that tests answer requests with a fixed detector and embedder
(``app.dependency_overrides[photo_tools_loader]``) and the server starts without loading
any model: only the privacy officer's "run" of a case ③ request needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from privacam.rights.photo_setup import DEFAULT_MODEL, PhotoTools, photo_tools


@cache
def _default_tools() -> PhotoTools:
    return photo_tools(DEFAULT_MODEL)


def photo_tools_loader() -> Callable[[], PhotoTools]:
    """The loader of the tools (called only when a photo is to be matched)."""
    return _default_tools
