"""``open_source``: one entry point from a user's source spec to an open frame source."""

from __future__ import annotations

import math
import re
from pathlib import Path

from privacam.errors import InputError
from privacam.vision.sources.base import Source
from privacam.vision.sources.image_folder import (
    IMAGE_EXTENSIONS,
    ImageFolderSource,
    is_sequence_pattern,
)
from privacam.vision.sources.live import ReconnectPolicy
from privacam.vision.sources.stream import STREAM_SCHEMES, StreamSource, redact_url
from privacam.vision.sources.threaded import ThreadedSource
from privacam.vision.sources.video_file import VIDEO_EXTENSIONS, VideoFileSource
from privacam.vision.sources.webcam import WebcamSource

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_DEVICE = re.compile(r"^/dev/video\d+$")


def _check_rate(name: str, value: float | None) -> None:
    if value is not None and not (isinstance(value, int | float) and math.isfinite(value)):
        raise InputError(f"{name} must be a number of frames per second, got {value!r}")
    if value is not None and value <= 0:
        raise InputError(f"{name} must be positive, got {value!r}")


def open_source(
    spec: str | int | Path,
    fps: float | None = None,
    target_fps: float | None = None,
    *,
    source_id: str = "0",
    threaded: bool = True,
    queue_size: int = 4,
    reconnect: ReconnectPolicy | None = None,
    open_timeout: float = 10.0,
    read_timeout: float = 10.0,
) -> Source:
    """Open a video file, image folder or sequence, network stream or webcam.

    ``spec`` is a path (video file, folder, ``frames/%06d.jpg`` pattern or one
    image), an ``rtsp://`` / ``rtmp://`` / ``http(s)://`` URL, a webcam index
    (``0`` or ``"0"``) or a device path (``/dev/video0``). ``fps`` is required
    for image folders and sequences; elsewhere it overrides the nominal rate.
    ``target_fps`` keeps frames on a time grid at that rate (their index and
    timestamp unchanged). With ``threaded`` (default), decoding runs in a
    background thread feeding a queue of ``queue_size`` frames. ``reconnect``,
    ``open_timeout`` and ``read_timeout`` apply to live sources.

    Raises ``InputError`` with one line when the input cannot be used.

    >>> with open_source("frames/", fps=25, target_fps=5) as source:  # doctest: +SKIP
    ...     for frame in source:
    ...         print(frame.index, frame.timestamp, frame.image.shape)
    """
    _check_rate("fps", fps)
    _check_rate("target_fps", target_fps)
    common = {"fps": fps, "target_fps": target_fps, "source_id": source_id}
    source: Source
    if isinstance(spec, bool):
        raise InputError(f"unsupported source {spec!r}: give a path, URL or webcam index")
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
        source = WebcamSource(int(spec), reconnect=reconnect, **common)
    elif isinstance(spec, str) and (match := _SCHEME.match(spec)):
        scheme = match.group(1).lower()
        if scheme == "file":
            return open_source(
                spec[len("file://") :],
                fps,
                target_fps,
                source_id=source_id,
                threaded=threaded,
                queue_size=queue_size,
            )
        if scheme not in STREAM_SCHEMES:
            supported = ", ".join(f"{s}://" for s in sorted(STREAM_SCHEMES))
            raise InputError(
                f"unsupported source scheme {scheme}:// in {redact_url(spec)}; "
                f"use a file, folder, webcam index or {supported}"
            )
        source = StreamSource(
            spec,
            reconnect=reconnect,
            open_timeout=open_timeout,
            read_timeout=read_timeout,
            **common,
        )
    elif _DEVICE.match(str(spec)):
        source = WebcamSource(str(spec), reconnect=reconnect, **common)
    else:
        source = _open_path(Path(spec), fps, target_fps, source_id)
    return ThreadedSource(source, queue_size=queue_size) if threaded else source


def _open_path(path: Path, fps: float | None, target_fps: float | None, source_id: str) -> Source:
    if is_sequence_pattern(path) or path.is_dir():
        return ImageFolderSource(path, fps=fps, target_fps=target_fps, source_id=source_id)
    suffix = path.suffix.lower()
    if suffix in IMAGE_EXTENSIONS and path.is_file():
        return ImageFolderSource(path, fps=fps, target_fps=target_fps, source_id=source_id)
    if suffix in VIDEO_EXTENSIONS:
        return VideoFileSource(path, fps=fps, target_fps=target_fps, source_id=source_id)
    if not path.exists():
        raise InputError(f"source not found: {path}; check the path")
    raise InputError(
        f"unsupported input {path}: give a video file (.mp4, .avi, .mkv…), an image folder, "
        "a numbered sequence (frames/%06d.jpg), a stream URL or a webcam index"
    )
