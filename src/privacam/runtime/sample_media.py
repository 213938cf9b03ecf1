"""Sample media for ``privacam demo``: found on the media path, or fetched from its official home.

Looked up in order: each directory of ``PRIVACAM_MEDIA`` (``os.pathsep``-separated)
for ``TUD-Campus/img1`` (MOT15 frames, 25 fps) or ``vtest.avi``; the user cache;
then OpenCV's public pedestrian clip ``vtest.avi`` is downloaded into the cache
with a progress bar. Offline and without media, one line says what to set.
Media are only read, never redistributed: privacam ships none.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import cv2

from privacam import files
from privacam.errors import InputError

log = logging.getLogger(__name__)

MEDIA_ENV = "PRIVACAM_MEDIA"
VTEST_URL = "https://raw.githubusercontent.com/opencv/opencv/4.x/samples/data/vtest.avi"


@dataclass(frozen=True)
class SampleMedia:
    """A source the demo can run on: a path, its frame rate if the path cannot say, where from."""

    source: str
    fps: float | None
    origin: str  # "PRIVACAM_MEDIA", "cache", "download" or "--source"


def media_cache_dir() -> Path:
    """``$PRIVACAM_CACHE/media``, default ``~/.cache/privacam/media``."""
    return files.cache_dir("media")


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
    offline = (
        f"サンプル映像がありません。{MEDIA_ENV} に TUD-Campus/img1 か vtest.avi を含むフォルダを"
        f"指定するか --source VIDEO を渡してください / no sample media; {hint}"
    )
    files.download(url, destination, check=_check_readable_video, hint=offline)
    return SampleMedia(str(destination), None, "download")


def _check_readable_video(path: Path) -> None:
    """Refuse a download OpenCV cannot decode (an error page, a truncated file)."""
    capture = cv2.VideoCapture(str(path))
    try:
        ok, _ = capture.read()  # decoded in memory only, to prove the file is a video
    finally:
        capture.release()
    if not ok:
        raise ValueError("the download is not a readable video")
