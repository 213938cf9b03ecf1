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

from pydantic import BeforeValidator, PlainSerializer

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


def parse_duration(value: object) -> timedelta:
    """Parse ``<integer><unit>`` with unit s, m, h, d, w or y (365 days); a timedelta passes."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return timedelta(seconds=value)
    match = _PATTERN.match(str(value))
    if not match:
        raise ValueError(
            f"{value!r} is not a duration; write a whole number and a unit, e.g. 0s, 60s, 72h, "
            "180d, 3y"
        )
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


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
]
