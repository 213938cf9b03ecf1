"""Files on disk, ground floor: atomic writes, downloads and the user cache.

Every file privacam writes appears whole or not at all: :func:`write_atomic` writes a
temporary file with a unique name beside the target (so two writers never share
one, and the final rename stays on one file system), flushes it to disk, renames it
over the target, and removes it if anything fails. :func:`download` fetches a URL
the same way, with a progress bar, and keeps the file only when its digest (and any
check of the caller's) accepts it. :func:`cache_dir` is the user cache of one kind of
file (models, media).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomic(folder / "report.txt", b"whole")
>>> (folder / "report.txt").read_bytes(), [p.name for p in folder.iterdir()]
(b'whole', ['report.txt'])
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import logging
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from privacam.errors import InputError

log = logging.getLogger(__name__)

CACHE_ENV = "PRIVACAM_CACHE"
#: Marks the temporary file of a write in progress: ``.<stem>.<random>.partial<suffix>``.
PARTIAL = ".partial"
_CHUNK = 1 << 16

#: What :func:`write_atomic` writes: bytes, or a function that writes the temporary path.
Content = bytes | Callable[[Path], object]


class DownloadError(InputError):
    """A download failed or was refused (exit 2); nothing was saved."""


def partial_path(path: Path) -> Path:
    """A new, empty temporary file beside ``path`` with a unique name and ``path``'s suffix.

    The suffix is kept so that writers that choose a format by extension (OpenCV) write
    the right one.
    """
    handle, name = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=f"{PARTIAL}{path.suffix}", dir=path.parent
    )
    os.close(handle)
    return Path(name)


@contextlib.contextmanager
def atomic_path(path: Path, *, mode: int = 0o644, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it becomes ``path``, else it goes.

    For writers that need a file name of their own (a video writer, a converter).
    With ``overwrite=False`` an existing ``path`` is kept and ``FileExistsError`` raised
    (a hard link, which fails on an existing name, instead of a rename).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = partial_path(path)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, mode)
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(
    path: str | os.PathLike[str],
    content: Content,
    *,
    mode: int = 0o644,
    overwrite: bool = True,
) -> None:
    """Write ``content`` to ``path`` whole or not at all; ``mode`` is the file's permissions.

    ``content`` is bytes, or a function that writes the temporary path it is given.
    """
    with atomic_path(Path(path), mode=mode, overwrite=overwrite) as temporary:
        if isinstance(content, bytes | bytearray | memoryview):
            temporary.write_bytes(content)
        else:
            content(temporary)


def cache_dir(kind: str) -> Path:
    """The user cache for one kind of file: ``$PRIVACAM_CACHE/<kind>``, else
    ``~/.cache/privacam/<kind>``."""
    configured = os.environ.get(CACHE_ENV)
    root = Path(configured).expanduser() if configured else Path.home() / ".cache" / "privacam"
    return root / kind


def download(
    url: str,
    destination: Path,
    digests: Iterable[str] | None = None,
    *,
    progress: bool = True,
    check: Callable[[Path], None] | None = None,
    hint: str = "",
    timeout: float = 30.0,
) -> str:
    """Fetch ``url`` into ``destination`` and return its SHA-256; nothing is kept on failure.

    ``digests``: the accepted SHA-256 digests (None accepts any). ``check`` may raise
    ``ValueError`` to refuse the downloaded file. ``hint`` ends every error: what to do
    without network. Errors are :class:`DownloadError` (exit 2).
    """
    accepted = None if digests is None else set(digests)
    name = destination.name
    suffix = f"; {hint}" if hint else ""
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_path(destination) as temporary:
            with open(temporary, "wb") as sink:
                digest = _copy_url(url, sink, timeout=timeout, progress=progress)
            if accepted is not None and digest not in accepted:
                raise DownloadError(
                    f"{url} からダウンロードした {name} のSHA-256 {digest} は公式のものと一致せず、"
                    f"保存していません / download of {name} from {url} has sha256 {digest}, "
                    f"which is not an accepted digest; nothing was saved{suffix}"
                )
            if check is not None:
                check(temporary)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        raise DownloadError(
            f"{url} から {name} をダウンロードできません / cannot download {name} from {url} "
            f"({_reason(error)}){suffix}"
        ) from error
    log.info("downloaded %s to %s sha256=%s", url, destination, digest)
    return digest


def _copy_url(url: str, sink: BinaryIO, *, timeout: float, progress: bool) -> str:
    digest = hashlib.sha256()
    request = urllib.request.Request(url, headers={"User-Agent": "privacam"})
    with (
        urllib.request.urlopen(request, timeout=timeout) as response,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not progress,
        ) as bar,
    ):
        task = bar.add_task(url.rsplit("/", 1)[-1], total=response.length)
        while chunk := response.read(_CHUNK):
            sink.write(chunk)
            digest.update(chunk)
            bar.advance(task, len(chunk))
    return digest.hexdigest()


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    return str(error)
