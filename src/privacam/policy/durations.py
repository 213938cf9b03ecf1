"""Durations written the way people write retention periods: ``0s``, ``72h``, ``180d``, ``3y``.

>>> parse_duration("180d").days
180
>>> format_duration(parse_duration("36h"), "ja"), format_duration(parse_duration("36h"), "en")
('36時間', '36 hours')
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PlainSerializer
from typing_extensions import Doc

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}
_PATTERN = re.compile(r"^\s*(\d+)\s*(s|m|h|d|w|y)\s*$")
_NAMES = {
    "y": ("年", "year"),
    "w": ("週間", "week"),
    "d": ("日", "day"),
    "h": ("時間", "hour"),
    "m": ("分", "minute"),
    "s": ("秒", "second"),
}


#: The longest duration a deployment may give: anything longer is a typo, and would overflow
#: the date arithmetic of retention and windows (``timedelta`` ends at 999999999 days).
MAX_DURATION = timedelta(days=100 * 365)


def parse_duration(value: object) -> timedelta:
    """Parse ``<integer><unit>`` with unit s, m, h, d, w or y (365 days); a timedelta passes.

    A bare integer is seconds. Negative durations and ones longer than
    :data:`MAX_DURATION` (100 years) are refused.
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    else:
        match = _PATTERN.match(str(value)[:64])
        if not match:
            raise ValueError(
                f"{str(value)[:40]!r} is not a duration; write a whole number and a unit, e.g. 0s, "
                "60s, 72h, 180d, 3y"
            )
        seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if seconds < 0:
        raise ValueError(f"期間は負にできません / {value!r}: a duration cannot be negative")
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(
            f"{value!r} は長すぎます（上限 100y） / {value!r} is longer than the longest duration "
            "privacam accepts (100y)"
        )
    return timedelta(seconds=seconds)


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise ValueError(
            f"{to_text(value)}: 0 より長い期間にしてください / must be longer than 0, e.g. 15m or 1h"
        )
    return value


def to_text(value: timedelta) -> str:
    """The shortest exact ``<n><unit>`` form, the inverse of :func:`parse_duration`."""
    seconds = int(value.total_seconds())
    for unit in ("y", "d", "h", "m"):
        if seconds and seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def format_duration(value: timedelta, lang: str) -> str:
    """Human text in Japanese or English: ``180日`` / ``180 days``; zero is 'not stored'."""
    text = to_text(value)
    amount, unit = int(text[:-1]), text[-1]
    if amount == 0:
        return "保存しない（メモリ上でのみ処理）" if lang == "ja" else "not stored (memory only)"
    ja, en = _NAMES[unit]
    if lang == "ja":
        return f"{amount}{ja}"
    return f"{amount} {en}{'' if amount == 1 else 's'}"


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(to_text, return_type=str),
    Doc(
        "A length of time: a whole number and a unit (s, m, h, d, w, y of 365 days), e.g. 0s, 72h, 3y; at most 100y."
    ),
]

#: A window or interval: a duration that must be longer than zero.
PositiveDuration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    AfterValidator(_positive),
    PlainSerializer(to_text, return_type=str),
    Doc("A length of time longer than zero, e.g. 60s, 15m, 1h."),
]
