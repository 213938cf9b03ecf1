"""Stopping a run on request: SIGINT/SIGTERM, and whether the open window is kept.

A signal only sets a flag; the run loop sees it between frames, stops reading,
and closes the analyser. The open time window is *kept* (closed at the last
frame) when it was observed for at least half its length, and *dropped*
otherwise: a 15-minute count built from two minutes of video would be read as a
quiet quarter-hour. At the natural end of a file (or ``--max-frames``) the window
is always kept: the recording is all there is to observe.

>>> from datetime import UTC, datetime, timedelta
>>> at = datetime(2026, 4, 1, 9, 10, tzinfo=UTC)
>>> keep_open_window(at - timedelta(minutes=10), at, timedelta(minutes=15))  # 10 of 15 observed
True
>>> keep_open_window(at - timedelta(minutes=2), at, timedelta(minutes=15))
False
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timedelta
from types import FrameType

log = logging.getLogger(__name__)

#: The share of a window that must have been observed for a stopped run to keep it.
KEEP_FRACTION = 0.5


def keep_open_window(
    observed_from: datetime,
    last_frame: datetime,
    length: timedelta,
    *,
    fraction: float = KEEP_FRACTION,
) -> bool:
    """Keep a window stopped at ``last_frame`` if it was observed for ``fraction`` of ``length``."""
    return (last_frame - observed_from) >= length * fraction


class StopRequest:
    """A flag set by SIGINT/SIGTERM (or by code); install the handlers with ``with``.

    Handlers can only be installed from the main thread; elsewhere (tests calling the
    runtime from a worker) the flag still works when set by code.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None
        self._previous: dict[int, object] = {}

    def set(self, reason: str) -> None:
        if not self._event.is_set():
            self.reason = reason
            self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.is_set():
            log.warning("%s again: already stopping, finishing the open window first", name)
            return
        log.warning("%s received: stopping after the current frame", name)
        self.set(name)

    def __enter__(self) -> StopRequest:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)  # type: ignore[arg-type]
        self._previous.clear()
