"""Decode in a background thread so decoding overlaps inference.

OpenCV releases the GIL while it decodes, so one decoder thread runs in
parallel with the consumer's ONNX Runtime calls. A small bounded queue caps
memory: a file source waits for the consumer, a live source drops its oldest
queued frame instead, so latency stays bounded when inference falls behind.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Generator
from dataclasses import dataclass

from privacam.vision.sources.base import ClosesOnExit, Source
from privacam.vision.types import Frame

log = logging.getLogger(__name__)

_POLL_S = 0.1  # how often a blocked thread re-checks the stop flag


class _End:
    """Marks the end of the frames."""


@dataclass(frozen=True, slots=True)
class _Failure:
    """Carries an exception from the decoder thread to the consumer."""

    error: BaseException


class ThreadedSource(ClosesOnExit):
    """Wraps a source and decodes it in a daemon thread; iterate it like the source.

    Errors raised while decoding are re-raised in the consumer; closing (or
    leaving a ``with`` block, or breaking out of the loop) stops the thread.
    ``dropped`` counts the live frames discarded because the consumer lagged.
    """

    def __init__(
        self,
        source: Source,
        *,
        queue_size: int = 4,
        drop_when_full: bool | None = None,
        join_timeout: float = 5.0,
    ) -> None:
        if queue_size < 1:
            raise ValueError("queue_size must be at least 1")
        self.source = source
        self.info = source.info
        self.dropped = 0
        self._queue: queue.Queue[Frame | _End | _Failure] = queue.Queue(maxsize=queue_size)
        self._drop_when_full = source.info.is_live if drop_when_full is None else drop_when_full
        self._join_timeout = join_timeout
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._consumer: Generator[Frame, None, None] | None = None

    def __iter__(self) -> Generator[Frame, None, None]:
        if self._thread is not None or self._stop.is_set():
            raise RuntimeError(f"{self.info.uri} was already iterated: open the source again")
        self._thread = threading.Thread(
            target=self._decode, name=f"decode {self.info.uri}", daemon=True
        )
        self._thread.start()
        self._consumer = self._consume()
        return self._consumer

    @property
    def thread(self) -> threading.Thread | None:
        """The decoder thread, once iteration has started."""
        return self._thread

    def _consume(self) -> Generator[Frame, None, None]:
        try:
            while True:
                try:
                    item = self._queue.get(timeout=_POLL_S)
                except queue.Empty:
                    # Stopped from elsewhere (e.g. a signal handler): the decoder
                    # exits without queueing an end marker.
                    if self._stop.is_set():
                        return
                    continue
                if isinstance(item, _End):
                    return
                if isinstance(item, _Failure):
                    raise item.error
                yield item
        finally:
            self.close()

    def _decode(self) -> None:
        outcome: _End | _Failure = _End()
        try:
            for frame in self.source:
                if self._stop.is_set() or not self._put(frame):
                    break
        except BaseException as error:
            outcome = _Failure(error)
        finally:
            try:
                self.source.close()  # in this thread, which owns the decoder
            except Exception as error:  # pragma: no cover - release failures are rare
                log.warning("closing %s failed: %s", self.info.uri, error)
            self._put(outcome)

    def _put(self, item: Frame | _End | _Failure) -> bool:
        """Queue ``item``; ``False`` once stopped. Live frames evict the oldest when full."""
        evict = self._drop_when_full and isinstance(item, Frame)
        while not self._stop.is_set():
            try:
                if evict:
                    self._queue.put_nowait(item)
                else:
                    self._queue.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                if evict:
                    with contextlib.suppress(queue.Empty):
                        self._queue.get_nowait()
                        self.dropped += 1
        return False

    def request_stop(self) -> None:
        self._stop.set()
        self.source.request_stop()

    def close(self) -> None:
        """Stop the decoder thread and wait (up to ``join_timeout``) for it to release."""
        self.request_stop()
        thread = self._thread
        if thread is None:
            self.source.close()
            return
        if thread is threading.current_thread():
            return
        thread.join(self._join_timeout)
        if thread.is_alive():
            log.warning(
                "decoder thread of %s did not stop within %.1f s; it ends in the background",
                self.info.uri,
                self._join_timeout,
            )
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            # ValueError: close() was called from inside the consumer's own finally.
            with contextlib.suppress(ValueError):
                consumer.close()
