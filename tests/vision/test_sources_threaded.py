"""The decoder thread: bounded queue, prompt stop, errors re-raised in the consumer."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.sources import DecodingSource, SourceInfo, ThreadedSource
from privacam.vision.types import Frame


class Endless(DecodingSource):
    """Frames for ever (until stopped), optionally failing at ``fail_at``; counts decodes."""

    def __init__(
        self, *, live: bool = False, fail_at: int | None = None, limit: int | None = None
    ) -> None:
        info = SourceInfo("endless", "stream", 8, 8, 25.0, None, is_live=live)
        super().__init__(info)
        self.fail_at = fail_at
        self.limit = limit
        self.decoded = 0
        self.released = threading.Event()
        self.decoder_thread: threading.Thread | None = None

    def _frames(self) -> Iterator[Frame]:
        self.decoder_thread = threading.current_thread()
        for index in itertools.count():
            if self._stop.is_set() or index == self.limit:
                return
            if index == self.fail_at:
                raise InputError("synthetic decode failure")
            self.decoded += 1
            yield Frame(np.zeros((8, 8, 3), np.uint8), index, index / 25)

    def _release(self) -> None:
        self.released.set()


def test_decoding_runs_in_another_thread_and_close_stops_it():
    inner = Endless()
    source = ThreadedSource(inner, queue_size=4)
    with source:
        frames = list(itertools.islice(source, 3))
    assert [f.index for f in frames] == [0, 1, 2]
    assert inner.decoder_thread is not threading.current_thread()
    assert not source.thread.is_alive()
    assert inner.released.is_set()
    # bounded queue: the decoder ran at most queue_size (+1 in hand) frames ahead
    assert inner.decoded <= 3 + 4 + 1


def test_breaking_out_of_the_loop_also_stops_the_thread():
    inner = Endless()
    source = ThreadedSource(inner)
    for frame in source:
        if frame.index == 1:
            break
    source.close()
    assert not source.thread.is_alive() and inner.released.is_set()


def test_errors_in_the_decoder_thread_are_reraised_in_the_consumer():
    inner = Endless(fail_at=5)
    seen = []
    source = ThreadedSource(inner)
    with pytest.raises(InputError, match="synthetic decode failure"), source:
        seen.extend(f.index for f in source)
    assert seen == [0, 1, 2, 3, 4]
    assert inner.released.is_set()


def test_request_stop_from_another_thread_ends_the_consumer_loop():
    source = ThreadedSource(Endless())
    count = 0
    with source:
        for _ in source:
            count += 1
            if count == 3:
                threading.Thread(target=source.request_stop).start()
            assert count < 10_000, "request_stop did not end the loop"
    assert not source.thread.is_alive()


def test_live_source_evicts_oldest_frames_when_consumer_lags():
    inner = Endless(live=True, limit=20)
    source = ThreadedSource(inner, queue_size=2)
    with source:
        iterator = iter(source)
        for _ in range(1000):  # the consumer is "busy" until the decoder has done all 20
            if source.dropped == 18:
                break
            threading.Event().wait(0.01)
        remaining = [f.index for f in iterator]
    assert source.dropped == 18
    assert remaining == [18, 19]  # the newest frames survive, in order


def test_file_source_never_drops_when_consumer_lags():
    inner = Endless(live=False, limit=20)
    source = ThreadedSource(inner, queue_size=2)
    with source:
        iterator = iter(source)
        for _ in range(20):  # give the decoder time to run ahead if it would
            threading.Event().wait(0.01)
        assert inner.decoded <= 2 + 1  # blocked on the full queue
        indices = [f.index for f in iterator]
    assert source.dropped == 0 and indices == list(range(20))


def test_closing_before_iterating_releases_the_source():
    inner = Endless()
    ThreadedSource(inner).close()
    assert inner.released.is_set()
