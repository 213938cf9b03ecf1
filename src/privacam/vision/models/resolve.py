"""Find a model's file, check its digest, and say where it came from.

Resolution order: an explicit path → each directory in ``PRIVACAM_MODELS``
(``os.pathsep``-separated) → a copy shipped inside an installed package (found
with :func:`importlib.util.find_spec`, never imported) → the user cache
(``$PRIVACAM_CACHE/models``, default ``~/.cache/privacam/models``) → download into the cache.
Whatever is found first is checked against the entry's accepted digests: a
mismatch is an error, never a silent fall-through to the next place.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from privacam.errors import InputError
from privacam.files import CACHE_ENV as CACHE_ENV  # re-exported by privacam.vision.models
from privacam.files import cache_dir as user_cache_dir
from privacam.files import download
from privacam.vision.models.catalog import ModelEntry, get_entry
from privacam.vision.models.convert import offline_hint, pull_converted
from privacam.vision.models.digest import cached_sha256

logger = logging.getLogger(__name__)

MODELS_ENV = "PRIVACAM_MODELS"


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """A model file on disk whose digest was checked: what a detector loads."""

    entry: ModelEntry
    path: Path
    sha256: str
    source: str  # "explicit", "PRIVACAM_MODELS", "package", "cache", "download" or "converted"

    @property
    def name(self) -> str:
        return self.entry.name


def cache_dir() -> Path:
    """The user cache of downloaded models (``$PRIVACAM_CACHE/models``)."""
    return user_cache_dir("models")


def models_dirs() -> list[Path]:
    return [Path(p).expanduser() for p in os.environ.get(MODELS_ENV, "").split(os.pathsep) if p]


def packaged_path(entry: ModelEntry) -> Path | None:
    """The copy inside an installed package, located without importing the package."""
    if entry.packaged is None:
        return None
    try:
        spec = importlib.util.find_spec(entry.packaged.package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / entry.packaged.relative_path
        if candidate.is_file():
            return candidate
    return None


def locate(
    entry: ModelEntry, path: str | os.PathLike[str] | None = None
) -> tuple[Path, str] | None:
    """Where ``entry`` resolves without downloading, and from which source; ``None`` if nowhere.

    An explicit ``path`` that does not exist is an error, not a reason to look elsewhere.
    """
    if path is not None:
        explicit = Path(path).expanduser()
        if not explicit.is_file():
            raise InputError(
                f"model file {explicit} for {entry.name} does not exist; check the path, or "
                f"omit it to look in PRIVACAM_MODELS"
            )
        return explicit, "explicit"
    for directory in models_dirs():
        candidate = directory / entry.filename
        if candidate.is_file():
            return candidate, MODELS_ENV
    shipped = packaged_path(entry)
    if shipped is not None:
        return shipped, "package"
    cached = cache_dir() / entry.filename
    if cached.is_file():
        return cached, "cache"
    return None


def check_digest(entry: ModelEntry, path: Path) -> str:
    """The file's SHA-256 if the entry accepts it, else an :class:`InputError`."""
    try:
        digest = cached_sha256(path)
    except OSError as error:
        raise InputError(f"cannot read model file {path}: {error.strerror or error}") from error
    if digest not in entry.sha256:
        raise InputError(
            f"model file {path} has sha256 {digest}, not an accepted digest for {entry.name} "
            f"(corrupt, truncated or another file?); replace it with the official "
            f"{entry.filename}" + (f" from {entry.url}" if entry.url else "")
        )
    return digest


def download_to_cache(entry: ModelEntry, *, show_progress: bool = True) -> ResolvedModel:
    """Download ``entry`` into the user cache (replacing any copy there) and return it.

    A model published in another format (``entry.converted_from``) is converted
    here from its official weights, taken from ``PRIVACAM_MODELS`` when a copy is
    there, else downloaded.
    """
    if entry.converted_from is not None:
        destination = cache_dir() / entry.filename
        digest = pull_converted(entry, destination, models_dirs(), show_progress=show_progress)
        return ResolvedModel(entry, destination, digest, "converted")
    if entry.url is None:
        raise InputError(
            f"model {entry.name} has no official download; place {entry.filename} in a "
            f"directory listed in PRIVACAM_MODELS"
        )
    destination = cache_dir() / entry.filename
    digest = download(
        entry.url,
        destination,
        entry.sha256,
        progress=show_progress,
        hint=offline_hint(entry.filename),
    )
    return ResolvedModel(entry, destination, digest, "download")


def resolve_model(
    name: str,
    path: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    catalog: Mapping[str, ModelEntry] | None = None,
    show_progress: bool = True,
) -> ResolvedModel:
    """Find model ``name`` (downloading it if allowed), check its digest and log where it is.

    >>> resolve_model("no_such_model")
    Traceback (most recent call last):
    ...
    privacam.errors.InputError: unknown model 'no_such_model'; known models: ...
    """
    entry = get_entry(name, catalog)
    found = locate(entry, path)
    if found is None:
        if not download:
            raise InputError(
                f"model {name} not found; place {entry.filename} in a directory listed in "
                f"PRIVACAM_MODELS, or run `privacam models pull {name}`"
            )
        resolved = download_to_cache(entry, show_progress=show_progress)
    else:
        file, source = found
        resolved = ResolvedModel(entry, file, check_digest(entry, file), source)
    # Debug, not info: callers that report models (a run's header, `privacam models`) print
    # them once; a process pool resolving per worker would repeat this line many times.
    logger.debug("model %s %s sha256=%s", entry.name, resolved.path, resolved.sha256)
    return resolved


def as_resolved(name: str, model: ResolvedModel | str | os.PathLike[str] | None) -> ResolvedModel:
    """What detectors accept as ``model``: a resolved model, an explicit path, or None (resolve)."""
    if isinstance(model, ResolvedModel):
        return model
    return resolve_model(name, model)
