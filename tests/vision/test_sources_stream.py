"""Live MJPEG-over-HTTP on loopback: reading, drops, reconnects with back-off."""

from __future__ import annotations

import itertools
import logging
from datetime import UTC

import pytest

from privacam.errors import InputError
from privacam.vision.sources import ReconnectPolicy, StreamSource, open_source
from tests.vision.mjpeg_server import MjpegServer, session_level

FAST_RETRY = ReconnectPolicy(initial_delay=0.05, max_delay=0.2, max_attempts=100)


def _session_of(frame) -> int:
    level = float(frame.image.mean())
    return min(range(1, 5), key=lambda s: abs(session_level(s) - level))


def test_reads_mjpeg_over_http_as_a_live_source():
    with MjpegServer() as server, open_source(server.url, reconnect=FAST_RETRY) as source:
        frames = []
        for frame in source:
            frames.append(frame)
            if len(frames) == 5:
                break
        assert source.info.kind == "stream"
        assert source.info.is_live is True
        assert source.info.frame_count is None
        assert (source.info.width, source.info.height) == (64, 48)
    assert [f.image.shape for f in frames] == [(48, 64, 3)] * 5
    assert all(f.captured_at is not None and f.captured_at.tzinfo is UTC for f in frames)
    indices = [f.index for f in frames]
    assert indices == sorted(set(indices))  # a live source may drop, never reorder
    stamps = [f.timestamp for f in frames]
    assert stamps == sorted(stamps) and stamps[0] >= 0
    assert [_session_of(f) for f in frames] == [1] * 5


def test_drop_is_logged_and_stream_resumes_with_increasing_index_and_time(caplog):
    caplog.set_level(logging.WARNING, logger="privacam.vision.sources")
    server = MjpegServer()
    server.start()
    restarter = None
    frames = []
    try:
        with open_source(server.url, reconnect=FAST_RETRY) as source:
            for frame in source:
                frames.append(frame)
                if len(frames) == 10:
                    server.stop()  # the camera dies mid-stream…
                    restarter = server.restart_after(0.3)  # …and comes back
                if _session_of(frame) == 2 and sum(_session_of(f) == 2 for f in frames) >= 5:
                    break
                assert len(frames) < 500, "never saw frames from the restarted server"
    finally:
        if restarter is not None:
            restarter.join(5)
        server.stop()

    sessions = [_session_of(f) for f in frames]
    first_new = sessions.index(2)
    assert set(sessions[:first_new]) == {1} and set(sessions[first_new:]) == {2}
    indices = [f.index for f in frames]
    stamps = [f.timestamp for f in frames]
    assert all(b > a for a, b in itertools.pairwise(indices))
    assert all(b > a for a, b in itertools.pairwise(stamps))
    walls = [f.captured_at for f in frames]
    assert all(b >= a for a, b in itertools.pairwise(walls))

    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("dropped after" in m for m in messages), messages
    assert any("reconnected after" in m for m in messages), messages
    assert any("reconnect attempt 1 of 100" in m for m in messages), messages


def test_gives_up_with_input_error_after_max_attempts(caplog):
    caplog.set_level(logging.WARNING, logger="privacam.vision.sources")
    server = MjpegServer()
    server.start()
    policy = ReconnectPolicy(initial_delay=0.01, max_delay=0.02, max_attempts=3)
    source = open_source(server.url, reconnect=policy)
    gave_up = pytest.raises(InputError, match="did not come back after 3 reconnect attempts")
    with gave_up, source:
        for count, _ in enumerate(source):
            if count == 2:
                server.stop()  # and never restarted
    attempts = [r.getMessage() for r in caplog.records if "reconnect attempt" in r.getMessage()]
    assert [m.split("attempt ")[1].split(" in")[0] for m in attempts] == [
        "1 of 3",
        "2 of 3",
        "3 of 3",
    ]


def test_unreachable_stream_fails_at_open_with_redacted_url():
    with MjpegServer() as server:
        port = server.port
    url = f"http://admin:hunter2@127.0.0.1:{port}/stream.mjpg"  # nothing listens there now
    with pytest.raises(InputError) as error:
        StreamSource(url, open_timeout=2)
    assert "hunter2" not in str(error.value)
    assert "admin:***@127.0.0.1" in str(error.value)


def test_back_off_delays_grow_to_the_cap():
    policy = ReconnectPolicy(initial_delay=0.25, max_delay=1.0, multiplier=2, max_attempts=5)
    assert list(policy.delays()) == [0.25, 0.5, 1.0, 1.0, 1.0]
    assert len(list(ReconnectPolicy(max_attempts=None).delays(limit=7))) == 7
    with pytest.raises(ValueError):
        ReconnectPolicy(initial_delay=2, max_delay=1)
