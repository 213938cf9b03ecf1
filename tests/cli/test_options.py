"""Times given on the command line (``run --start-time``, ``purge --now``): one reader."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from privacam.cli.options import parse_time_option
from privacam.errors import InputError

JST = timezone(timedelta(hours=9))


def test_a_time_with_an_offset_is_kept_and_one_without_takes_the_sites_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    kept = parse_time_option("--start-time", "2026-04-01T09:00+00:00", zone=tokyo)
    assert kept == datetime(2026, 4, 1, 18, tzinfo=JST)
    local = parse_time_option("--start-time", "2026-04-01T09:00", zone=tokyo)
    assert local is not None and local.utcoffset() == timedelta(hours=9)
    assert parse_time_option("--now", None, zone=None) is None


@pytest.mark.parametrize(
    ("value", "zone", "english"),
    [
        ("yesterday", ZoneInfo("Asia/Tokyo"), "is not an ISO 8601 time"),
        ("2026-04-01T09:00", None, "has no time zone"),
    ],
)
def test_time_options_refuse_a_bad_time_in_japanese_and_english(value, zone, english) -> None:
    with pytest.raises(InputError) as refused:
        parse_time_option("--now", value, zone=zone)
    message = str(refused.value)
    assert "\n" not in message and refused.value.exit_code == 2
    ja, en = message.split(" / ")
    assert ja.startswith(f"--now {value!r} ") and "例: 2026-04-01T09:00+09:00" in ja
    assert en.startswith(f"--now {value!r} {english}")
