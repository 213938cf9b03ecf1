"""Video files (mp4, avi, mkv, mov…) decoded by OpenCV's bundled FFmpeg.

Timestamps are the container's presentation times (``CAP_PROP_POS_MSEC``), so
variable-frame-rate files keep their real timing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.sources.base import DecodingSource, SourceInfo
from privacam.vision.sources.limits import check_frame_size
from privacam.vision.types import Frame

log = logging.getLogger(__name__)

#: Extensions opened as video files; anything else is refused before FFmpeg sees it.
# fmt: off
VIDEO_EXTENSIONS = frozenset({
    ".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".ts", ".m2ts", ".mts",
    ".wmv", ".flv", ".3gp", ".ogv", ".mjpeg", ".mjpg", ".h264", ".264", ".h265", ".hevc",
})
# fmt: on


def _positive(value: float) -> float | None:
    return value if math.isfinite(value) and value > 0 else None


class VideoFileSource(DecodingSource):
    """Frames of one video file, in decode order, with container timestamps.

    ``fps`` overrides the nominal rate in ``info`` (timestamps still come from
    the container); it is also the step used when a frame carries no usable
    timestamp.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        fps: float | None = None,
        target_fps: float | None = None,
        source_id: str = "0",
    ) -> None:
        path = Path(path)
        if not path.is_file():
            raise InputError(f"video file not found: {path}; check the path")
        if path.stat().st_size == 0:
            raise InputError(f"video file {path} is empty (0 bytes); use a complete recording")
        capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
        if not capture.isOpened():
            capture.release()
            raise InputError(
                f"cannot open {path} as a video: the file is corrupt or its format is not "
                "supported; re-encode it (e.g. H.264 in .mp4)"
            )
        try:  # the container's declared size, before the first frame is decoded
            check_frame_size(
                int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                path,
            )
        except InputError:
            capture.release()
            raise
        if not capture.grab():
            capture.release()
            raise InputError(f"cannot decode any frame from {path}: the file is corrupt or empty")
        ok, first = capture.retrieve()
        if not ok or first is None:
            capture.release()
            raise InputError(f"cannot decode any frame from {path}: the file is corrupt")
        self._capture: cv2.VideoCapture | None = capture
        self._first: tuple[np.ndarray, float] | None = (first, capture.get(cv2.CAP_PROP_POS_MSEC))
        count = _positive(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        info = SourceInfo(
            uri=str(path),
            kind="file",
            width=int(first.shape[1]),
            height=int(first.shape[0]),
            fps=fps or _positive(capture.get(cv2.CAP_PROP_FPS)),
            frame_count=None if count is None else int(count),
            is_live=False,
            target_fps=target_fps,
            files=(path,),
        )
        super().__init__(info, source_id=source_id)

    def _timestamp(self, pos_msec: float, previous: float | None) -> float:
        """The container time in seconds, forced strictly increasing for trackers downstream."""
        step = 1.0 / (self.info.fps or 25.0)
        if previous is None:
            return pos_msec / 1000.0 if math.isfinite(pos_msec) and pos_msec >= 0 else 0.0
        ts = pos_msec / 1000.0 if math.isfinite(pos_msec) else -math.inf
        return ts if ts > previous else previous + step

    def _frames(self) -> Iterator[Frame]:
        capture = self._capture
        assert capture is not None and self._first is not None
        first, pos_msec = self._first
        self._first = None
        index, previous = 0, None
        while not self._stop.is_set():
            ts = self._timestamp(pos_msec, previous)
            previous = ts
            if self._sampler.keep(ts):
                if first is not None:
                    image = first
                else:
                    ok, image = capture.retrieve()
                    if not ok or image is None:
                        raise InputError(
                            f"cannot decode frame {index} of {self.info.uri}: the file is corrupt"
                        )
                yield Frame(image=image, index=index, timestamp=ts, source_id=self.source_id)
            first = None
            if not capture.grab():
                self._warn_if_truncated(decoded=index + 1)
                return
            pos_msec = capture.get(cv2.CAP_PROP_POS_MSEC)
            index += 1

    def _warn_if_truncated(self, decoded: int) -> None:
        # Containers estimate their frame count (mkv from the duration): allow one frame off.
        expected = self.info.frame_count
        if expected is not None and decoded < expected - 1:
            log.warning(
                "%s ended after %d of %d frames: the file may be truncated",
                self.info.uri,
                decoded,
                expected,
            )

    def _release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
        self._first = None
