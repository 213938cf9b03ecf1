"""Option values the commands share a way of reading, each refused in one clear line."""

from __future__ import annotations

from datetime import datetime, tzinfo

from privacam.errors import InputError

_EXAMPLE = "2026-04-01T09:00+09:00"


def parse_time_option(option: str, value: str | None, *, zone: tzinfo | None) -> datetime | None:
    """``value`` as an aware time: a time without an offset is taken in ``zone``, or refused
    when ``zone`` is None (a command acting on stored data must not guess the zone)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{option} {value!r} は ISO 8601 の時刻ではありません（例: {_EXAMPLE}） / "
            f"{option} {value!r} is not an ISO 8601 time; write e.g. {_EXAMPLE}"
        ) from None
    if parsed.tzinfo is not None:
        return parsed
    if zone is None:
        raise InputError(
            f"{option} {value!r} にタイムゾーンがありません（例: {_EXAMPLE}） / "
            f"{option} {value!r} has no time zone; add one, e.g. {_EXAMPLE}"
        )
    return parsed.replace(tzinfo=zone)
