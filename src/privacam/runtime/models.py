"""The model registry as ``privacam models`` uses it: list, download and verify.

The registry itself is the vision layer's (:mod:`privacam.vision.models`); the CLI
reaches it through the runtime, as it reaches every other part of vision.
"""

from privacam.vision.models import (
    MODELS,
    ModelEntry,
    check_digest,
    download_to_cache,
    get_entry,
    locate,
)

__all__ = ["MODELS", "ModelEntry", "check_digest", "download_to_cache", "get_entry", "locate"]
