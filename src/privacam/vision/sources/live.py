"""Live capture (network streams, webcams) with reconnection and exponential back-off.

A live frame's ``timestamp`` is monotonic seconds since the source was opened
and ``captured_at`` the UTC wall-clock time it was grabbed. Indices and
timestamps keep increasing across reconnects, so trackers downstream see one
continuous source with a gap.
"""

from __future__ import annotations

import logging
import math
import time
from abc import abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import cv2

from privacam.errors import InputError
from privacam.vision.sources.base import DecodingSource, SourceInfo, SourceKind
from privacam.vision.sources.limits import check_frame_size
from privacam.vision.types import Frame

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReconnectPolicy:
    """How a live source retries after a drop: waits grow from ``initial_delay`` to ``max_delay``.

    ``max_attempts=None`` retries for ever (an unattended camera that reboots
    should not end the analytics); ``0`` gives up at the first drop.

    >>> list(ReconnectPolicy(initial_delay=0.5, max_delay=3.0).delays(5))
    [0.5, 1.0, 2.0, 3.0, 3.0]
    """

    initial_delay: float = 0.5
    max_delay: float = 30.0
    multiplier: float = 2.0
    max_attempts: int | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.initial_delay <= self.max_delay) or self.multiplier < 1:
            raise ValueError(
                "reconnect delays need 0 <= initial_delay <= max_delay and multiplier >= 1"
            )
        if self.max_attempts is not None and self.max_attempts < 0:
            raise ValueError("max_attempts must be >= 0 or None (unlimited)")

    def delays(self, limit: int | None = None) -> Iterator[float]:
        """The wait before each attempt, ``limit`` (else ``max_attempts``, else endless) of them."""
        count = self.max_attempts if limit is None else limit
        delay, attempt = self.initial_delay, 0
        while count is None or attempt < count:
            yield delay
            attempt += 1
            delay = min(delay * self.multiplier, self.max_delay)


def _positive(value: float) -> float | None:
    return value if math.isfinite(value) and value > 0 else None


class LiveCaptureSource(DecodingSource):
    """A ``cv2.VideoCapture`` on a live device or stream, reopened when it drops.

    The first open must succeed (a wrong address fails at once with
    ``InputError``); later drops are retried by ``reconnect``. When the retries
    run out, iteration raises ``InputError``.
    """

    def __init__(
        self,
        *,
        uri: str,
        kind: SourceKind,
        fps: float | None = None,
        target_fps: float | None = None,
        source_id: str = "0",
        reconnect: ReconnectPolicy | None = None,
    ) -> None:
        self._uri = uri
        self._reconnect_policy = reconnect or ReconnectPolicy()
        capture = self._open_within_limit()
        if capture is None:
            raise InputError(self._open_error())
        self._capture: cv2.VideoCapture | None = capture
        info = SourceInfo(
            uri=uri,
            kind=kind,
            width=int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            height=int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            fps=fps or _positive(capture.get(cv2.CAP_PROP_FPS)),
            frame_count=None,
            is_live=True,
            target_fps=target_fps,
        )
        super().__init__(info, source_id=source_id)
        self._opened_at = time.monotonic()

    @abstractmethod
    def _open_capture(self) -> cv2.VideoCapture | None:
        """A fresh, opened capture, or ``None`` when the device or stream cannot be opened."""

    @abstractmethod
    def _open_error(self) -> str:
        """The one-line ``InputError`` message for a source that cannot be opened at all."""

    def _open_within_limit(self) -> cv2.VideoCapture | None:
        """:meth:`_open_capture`, refused when the size it reports exceeds the pixel limit."""
        capture = self._open_capture()
        if capture is None:
            return None
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        try:
            check_frame_size(width, height, self._uri)
        except InputError:
            capture.release()
            raise
        return capture

    def _frames(self) -> Iterator[Frame]:
        index = 0
        while not self._stop.is_set():
            capture = self._capture
            if capture is None or not capture.grab():
                if self._stop.is_set() or not self._reconnect(index):
                    return
                continue
            timestamp = time.monotonic() - self._opened_at
            captured_at = datetime.now(UTC)
            frame_index, index = index, index + 1
            if not self._sampler.keep(timestamp):
                continue
            ok, image = capture.retrieve()
            if not ok or image is None:
                log.warning("%s: frame %d could not be decoded; skipped", self._uri, frame_index)
                continue
            yield Frame(
                image=image,
                index=frame_index,
                timestamp=timestamp,
                source_id=self.source_id,
                captured_at=captured_at,
            )

    def _reconnect(self, next_index: int) -> bool:
        """Reopen after a drop with back-off; ``False`` if stopped, ``InputError`` if given up."""
        self._release()
        policy = self._reconnect_policy
        log.warning("%s dropped after %d frames; reconnecting", self._uri, next_index)
        attempts = 0
        for delay in policy.delays():
            attempts += 1
            limit = "unlimited" if policy.max_attempts is None else policy.max_attempts
            log.warning(
                "%s: reconnect attempt %d of %s in %.2f s", self._uri, attempts, limit, delay
            )
            if self._stop.wait(delay):
                return False
            capture = self._open_within_limit()  # a camera may come back at another size
            if capture is not None:
                self._capture = capture
                log.warning(
                    "%s reconnected after %d attempt(s); frames resume at index %d",
                    self._uri,
                    attempts,
                    next_index,
                )
                return True
        raise InputError(
            f"{self._uri} dropped and did not come back after {attempts} reconnect attempts; "
            "check that the camera is on and reachable"
        )

    def _release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
