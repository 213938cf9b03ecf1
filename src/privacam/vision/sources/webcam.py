"""Local cameras: an integer index (``0``) or a V4L2 device path (``/dev/video0``)."""

from __future__ import annotations

from pathlib import Path

import cv2

from privacam.errors import InputError
from privacam.vision.sources.live import LiveCaptureSource, ReconnectPolicy


class WebcamSource(LiveCaptureSource):
    """A webcam; an unplugged camera is retried like a dropped stream."""

    def __init__(
        self,
        device: int | str,
        *,
        fps: float | None = None,
        target_fps: float | None = None,
        source_id: str = "0",
        reconnect: ReconnectPolicy | None = None,
    ) -> None:
        if isinstance(device, str) and not Path(device).exists():
            raise InputError(f"camera device {device} not found; list cameras with v4l2-ctl")
        self._device = device
        super().__init__(
            uri=f"webcam {device}",
            kind="webcam",
            fps=fps,
            target_fps=target_fps,
            source_id=source_id,
            reconnect=reconnect,
        )

    def _open_capture(self) -> cv2.VideoCapture | None:
        if isinstance(self._device, int):
            capture = cv2.VideoCapture(self._device)
        else:
            capture = cv2.VideoCapture(self._device, cv2.CAP_V4L2)
        if capture.isOpened():
            return capture
        capture.release()
        return None

    def _open_error(self) -> str:
        return f"cannot open {self._uri}: no camera there, or another program is using it"
