"""Limits a command sets for the whole run, worker processes included."""

from __future__ import annotations

import os

from privacam.vision.sources.limits import MAX_PIXELS_ENV


def limit_frame_pixels(max_pixels: int) -> None:
    """Refuse frames above ``max_pixels`` (width x height) before decoding them.

    Set through the environment, so that anonymize's worker processes apply it too."""
    os.environ[MAX_PIXELS_ENV] = str(max_pixels)
