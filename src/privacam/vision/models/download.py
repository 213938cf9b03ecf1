"""Download a model file: progress bar, digest check, atomic write, nothing partial left behind."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import logging
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TransferSpeedColumn,
)

from privacam.errors import InputError

logger = logging.getLogger(__name__)
_CHUNK = 1 << 16


def download_file(
    url: str,
    destination: Path,
    accepted_sha256: Iterable[str],
    *,
    timeout: float = 30.0,
    show_progress: bool = True,
) -> str:
    """Fetch ``url`` into ``destination`` and return its SHA-256.

    The bytes go to a temporary file in the destination's folder, which replaces
    the destination (``os.replace``) only once the digest is accepted; on any
    failure the temporary file is removed, so no partial model is ever found.
    Network errors raise :class:`InputError` naming ``PRIVACAM_MODELS`` and the
    file to place there by hand.
    """
    accepted = set(accepted_sha256)
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{destination.name}.", dir=destination.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as sink:
            digest = _copy_url(url, sink, timeout=timeout, show_progress=show_progress)
        if digest not in accepted:
            raise InputError(
                f"download of {destination.name} from {url} has sha256 {digest}, which is not "
                f"an accepted digest; nothing was saved: retry, or place the official file in "
                f"a directory listed in PRIVACAM_MODELS"
            )
        os.replace(tmp, destination)
        logger.info("downloaded %s to %s sha256=%s", url, destination, digest)
        return digest
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        raise InputError(
            f"cannot download {destination.name} from {url} ({_reason(error)}); without "
            f"network, place {destination.name} in a directory listed in PRIVACAM_MODELS"
        ) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _copy_url(url: str, sink, *, timeout: float, show_progress: bool) -> str:
    digest = hashlib.sha256()
    request = urllib.request.Request(url, headers={"User-Agent": "privacam"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        total = response.length
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not show_progress,
        ) as progress:
            task = progress.add_task(url.rsplit("/", 1)[-1], total=total)
            while chunk := response.read(_CHUNK):
                sink.write(chunk)
                digest.update(chunk)
                progress.advance(task, len(chunk))
    return digest.hexdigest()


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    return str(error)
