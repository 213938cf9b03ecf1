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

    def __init__(self, *, live: bool = False, fail_at: int | None = None) -> None:
        info = SourceInfo("endless", "stream", 8, 8, 25.0, None, is_live=live)
        super().__init__(info)
        self.fail_at = fail_at
        self.decoded = 0
        self.released = threading.Event()
        self.decoder_thread: threading.Thread | None = None

    def _frames(self) -> Iterator[Frame]:
        self.decoder_thread = threading.current_thread()
        for index in itertools.count():
            if self._stop.is_set():
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
    inner = Endless(live=True)
    source = ThreadedSource(inner, queue_size=2)
    with source:
        iterator = iter(source)
        first = next(iterator)
        for _ in range(1000):  # the consumer "works" while the decoder keeps going
            if source.dropped >= 5:
                break
            threading.Event().wait(0.01)
        assert source.dropped >= 5
        later = next(iterator)
    assert first.index == 0
    assert later.index > 1 + 5 - 1  # frames were skipped, the newest kept


def test_closing_before_iterating_releases_the_source():
    inner = Endless()
    ThreadedSource(inner).close()
    assert inner.released.is_set()
