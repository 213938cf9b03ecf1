"""Sample media for ``privacam demo``: found on the media path, or fetched from its official home.

Looked up in order: each directory of ``PRIVACAM_MEDIA`` (``os.pathsep``-separated)
for ``TUD-Campus/img1`` (MOT15 frames, 25 fps) or ``vtest.avi``; the user cache;
then OpenCV's public pedestrian clip ``vtest.avi`` is downloaded into the cache
with a progress bar. Offline and without media, one line says what to set.
Media are only read, never redistributed: privacam ships none.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import cv2
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from privacam.errors import InputError

log = logging.getLogger(__name__)

MEDIA_ENV = "PRIVACAM_MEDIA"
VTEST_URL = "https://raw.githubusercontent.com/opencv/opencv/4.x/samples/data/vtest.avi"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class SampleMedia:
    """A source the demo can run on: a path, its frame rate if the path cannot say, where from."""

    source: str
    fps: float | None
    origin: str  # "PRIVACAM_MEDIA", "cache", "download" or "--source"


def media_cache_dir() -> Path:
    """``$PRIVACAM_CACHE/media`` if set, else ``~/.cache/privacam/media``."""
    configured = os.environ.get("PRIVACAM_CACHE")
    base = Path(configured).expanduser() if configured else Path.home() / ".cache" / "privacam"
    return base / "media"


def media_dirs() -> list[Path]:
    return [Path(p).expanduser() for p in os.environ.get(MEDIA_ENV, "").split(os.pathsep) if p]


def _candidates(directory: Path) -> list[tuple[Path, float | None]]:
    return [
        (directory / "TUD-Campus" / "img1", 25.0),
        (directory / "vtest.avi", None),
    ]


def find_sample_media() -> SampleMedia | None:
    """Sample media on the media path or in the cache, without downloading."""
    for directory in media_dirs():
        for path, fps in _candidates(directory):
            if path.exists():
                return SampleMedia(str(path), fps, MEDIA_ENV)
    cached = media_cache_dir() / "vtest.avi"
    if cached.is_file():
        return SampleMedia(str(cached), None, "cache")
    return None


def sample_media(*, download: bool = True, url: str | None = None) -> SampleMedia:
    """Sample media from the media path, the cache, or (if allowed) a download of vtest.avi."""
    url = url or VTEST_URL
    found = find_sample_media()
    if found is not None:
        return found
    hint = (
        f"set {MEDIA_ENV} to a folder holding TUD-Campus/img1 or vtest.avi, or pass --source VIDEO"
    )
    if not download:
        raise InputError(f"no sample media found; {hint}")
    destination = media_cache_dir() / "vtest.avi"
    try:
        _download(url, destination)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise InputError(f"no sample media and cannot download {url} ({reason}); {hint}") from None
    return SampleMedia(str(destination), None, "download")


def _download(url: str, destination: Path, *, timeout: float = 30.0) -> None:
    """Fetch into a temp file beside ``destination``; keep it only if OpenCV can read it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=destination.suffix, dir=destination.parent
    )
    tmp = Path(tmp_name)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "privacam"})
        with (
            os.fdopen(handle, "wb") as sink,
            urllib.request.urlopen(request, timeout=timeout) as response,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as progress,
        ):
            task = progress.add_task(f"downloading {destination.name}", total=response.length)
            while chunk := response.read(_CHUNK):
                sink.write(chunk)
                progress.advance(task, len(chunk))
        if not _readable_video(tmp):
            raise ValueError("the download is not a readable video")
        os.replace(tmp, destination)
        log.info("downloaded %s to %s", url, destination)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _readable_video(path: Path) -> bool:
    capture = cv2.VideoCapture(str(path))
    try:
        ok, _ = capture.read()  # decoded in memory only, to prove the file is a video
        return bool(ok)
    finally:
        capture.release()
