"""The model registry: which models privacam knows, and how a file on disk is found and trusted.

>>> from privacam.vision.models import get_entry
>>> get_entry("yolox_nano").input.shape
(1, 3, 416, 416)
"""

from privacam.vision.models.catalog import (
    MODELS,
    ConvertedFrom,
    InputSpec,
    Licence,
    ModelEntry,
    PackagedCopy,
    get_entry,
)
from privacam.vision.models.digest import cached_sha256, sha256_file
from privacam.vision.models.resolve import (
    CACHE_ENV,
    MODELS_ENV,
    ResolvedModel,
    as_resolved,
    cache_dir,
    check_digest,
    download_to_cache,
    locate,
    resolve_model,
)

__all__ = [
    "CACHE_ENV",
    "MODELS",
    "MODELS_ENV",
    "ConvertedFrom",
    "InputSpec",
    "Licence",
    "ModelEntry",
    "PackagedCopy",
    "ResolvedModel",
    "as_resolved",
    "cache_dir",
    "cached_sha256",
    "check_digest",
    "download_to_cache",
    "get_entry",
    "locate",
    "resolve_model",
    "sha256_file",
]
