"""Network streams: RTSP, RTMP and HTTP(S) (MJPEG, HLS…) through OpenCV's FFmpeg.

Credentials in the URL never reach logs or errors: :func:`redact_url` hides
the password.

>>> redact_url("rtsp://admin:secret@127.0.0.1:554/stream1")
'rtsp://admin:***@127.0.0.1:554/stream1'
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import cv2

from privacam import secret_values
from privacam.vision.sources.live import LiveCaptureSource, ReconnectPolicy

#: URL schemes opened as live network streams.
STREAM_SCHEMES = frozenset({"rtsp", "rtsps", "rtmp", "rtmps", "http", "https"})


def redact_url(url: str) -> str:
    """The URL with its password (if any), its secret values and secret query parameters
    masked, safe to log."""
    url = secret_values.mask_query_secrets(secret_values.redact(url))
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


class StreamSource(LiveCaptureSource):
    """A live network stream; ``open_timeout`` and ``read_timeout`` bound each wait (seconds).

    A stream that stalls for ``read_timeout`` counts as dropped and is reopened
    according to ``reconnect``.
    """

    def __init__(
        self,
        url: str,
        *,
        fps: float | None = None,
        target_fps: float | None = None,
        source_id: str = "0",
        reconnect: ReconnectPolicy | None = None,
        open_timeout: float = 10.0,
        read_timeout: float = 10.0,
    ) -> None:
        self._url = url
        self._timeouts = [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
            int(open_timeout * 1000),
            cv2.CAP_PROP_READ_TIMEOUT_MSEC,
            int(read_timeout * 1000),
        ]
        super().__init__(
            uri=redact_url(url),
            kind="stream",
            fps=fps,
            target_fps=target_fps,
            source_id=source_id,
            reconnect=reconnect,
        )

    def _open_capture(self) -> cv2.VideoCapture | None:
        capture = cv2.VideoCapture(self._url, cv2.CAP_FFMPEG, self._timeouts)
        if capture.isOpened():
            return capture
        capture.release()
        return None

    def _open_error(self) -> str:
        return (
            f"cannot open stream {self._uri}: check the address, credentials and that the "
            "camera is reachable"
        )
