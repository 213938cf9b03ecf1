"""Wall-clock windows: aligned boundaries, observed spans, gaps, keep or drop at the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from privacam.cases.windows import WindowClock
from privacam.errors import InputError
from privacam.records import window_bounds

from .scenes import TOKYO


def t(h: int, m: int, s: float = 0) -> datetime:
    return datetime(2026, 4, 1, h, m, tzinfo=TOKYO) + timedelta(seconds=s)


def hm(spans):
    return [
        (a.astimezone(TOKYO).strftime("%H:%M:%S"), b.astimezone(TOKYO).strftime("%H:%M:%S"))
        for a, b in spans
    ]


def test_floor_is_local_wall_clock():
    # 01:07 UTC is 10:07 in Tokyo: the window starts at 10:00 Tokyo time.
    start, _ = window_bounds(datetime(2026, 4, 1, 1, 7, tzinfo=UTC), timedelta(minutes=15), TOKYO)
    assert start.astimezone(TOKYO).strftime("%H:%M") == "10:00"


def test_first_window_starts_at_first_frame_and_closes_at_boundary():
    clock = WindowClock(timedelta(minutes=15), TOKYO)
    assert clock.advance(t(10, 7)) == []
    assert clock.advance(t(10, 14, 59)) == []
    assert hm(clock.advance(t(10, 15, 0.04))) == [("10:07:00", "10:15:00")]
    assert hm(clock.advance(t(10, 30, 1))) == [("10:15:00", "10:30:00")]
    assert hm(clock.close(t(10, 40), keep=True)) == [("10:30:00", "10:40:00")]


def test_gap_closes_at_its_start_and_next_window_starts_after_it():
    clock = WindowClock(timedelta(minutes=15), TOKYO)
    clock.advance(t(10, 0, 1))
    assert hm(clock.gap(t(10, 5), t(10, 9))) == [("10:00:01", "10:05:00")]
    clock.advance(t(10, 9))
    assert hm(clock.close(t(10, 12), keep=True)) == [("10:09:00", "10:12:00")]


def test_frames_far_apart_count_as_a_gap():
    clock = WindowClock(timedelta(minutes=15), TOKYO, max_frame_gap=timedelta(seconds=10))
    clock.advance(t(10, 0))
    clock.advance(t(10, 0, 5))
    assert hm(clock.advance(t(10, 4))) == [("10:00:00", "10:00:05")]
    assert clock.gapped


def test_close_without_keep_drops_the_open_window():
    clock = WindowClock(timedelta(minutes=15), TOKYO)
    clock.advance(t(10, 1))
    assert clock.close(t(10, 3), keep=False) == []


def test_empty_span_is_never_returned():
    clock = WindowClock(timedelta(minutes=15), TOKYO)
    clock.advance(t(10, 1))
    assert clock.close(t(10, 1), keep=True) == []


def test_windows_stop_at_midnight():
    clock = WindowClock(timedelta(minutes=7), TOKYO)
    clock.advance(t(23, 58))
    done = clock.advance(t(23, 59, 59) + timedelta(seconds=2))
    assert hm(done) == [("23:58:00", "00:00:00")]


@pytest.mark.parametrize("minutes", [7, 50])
def test_the_clock_closes_windows_at_the_window_bounds_when_the_size_does_not_divide_a_day(
    minutes: int,
):
    size = timedelta(minutes=minutes)
    clock = WindowClock(size, TOKYO)
    spans = []
    for second in range(0, 6 * 3600, 30):  # 21:00 to 03:00, across local midnight
        spans += clock.advance(t(21, 0, second))
    assert len(spans) > 6
    for start, end in spans[1:]:  # whole windows: the first one starts at the first frame
        assert window_bounds(start, size, TOKYO) == (start, end)
        assert window_bounds(end - timedelta(microseconds=1), size, TOKYO) == (start, end)


def test_zero_window_is_refused():
    with pytest.raises(InputError, match="longer than 0 s"):
        WindowClock(timedelta(0), TOKYO)
