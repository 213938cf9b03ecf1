"""The date range a dashboard page shows, from its GET form: ``from``/``to`` dates in the
deployment's time zone, or a preset (today, the last 7 or 30 days), and the bucket unit.

The form works without JavaScript: plain ``<input type="date">`` fields and preset buttons
in one GET form (``templates/dashboard/_range.html``). A preset button wins over the
dates sent with it. Bad input gives the default range and a message, never a 500.

>>> from datetime import UTC, datetime
>>> now = datetime(2026, 4, 1, 16, 0, tzinfo=UTC)  # 01:00 on 2 April in Tokyo
>>> choice = choose_range(now, "Asia/Tokyo", preset="7d")
>>> str(choice.period.first), str(choice.period.last), choice.unit, choice.error
('2026-03-27', '2026-04-02', 'day', None)
>>> choose_range(now, "Asia/Tokyo", first="2026-04-01", last="x").error is not None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import Request

from privacam.errors import InputError
from privacam.server.context import ServerContext
from privacam.store.series import UNITS, DateRange, Unit, default_unit

#: Preset name -> how many days it spans, ending today (local).
PRESETS: dict[str, int] = {"today": 1, "7d": 7, "30d": 30}
DEFAULT_PRESET = "7d"


@dataclass(frozen=True)
class RangeChoice:
    """What the page shows: the period, the preset that chose it (if any), the unit, and
    the message for input that could not be used."""

    period: DateRange
    preset: str | None
    unit: Unit
    error: str | None = None


def _preset(today: date, name: str, timezone: str) -> DateRange:
    return DateRange(today - timedelta(days=PRESETS[name] - 1), today, timezone)


def choose_range(
    now: datetime,
    timezone: str,
    *,
    first: str | None = None,
    last: str | None = None,
    preset: str | None = None,
    unit: str | None = None,
) -> RangeChoice:
    """The range and unit asked for, or the default (last 7 days) with an error message."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    error = None
    try:
        if preset:
            if preset not in PRESETS:
                raise InputError(
                    f"不明な期間 {preset!r} です / unknown preset {preset!r}: today, 7d or 30d"
                )
            period, chosen = _preset(today, preset, timezone), preset
        elif first or last:
            period, chosen = DateRange(_day(first or last), _day(last or first), timezone), None
        else:
            period, chosen = _preset(today, DEFAULT_PRESET, timezone), DEFAULT_PRESET
    except InputError as refused:
        period, chosen, error = (
            _preset(today, DEFAULT_PRESET, timezone),
            DEFAULT_PRESET,
            str(refused),
        )
    if unit not in UNITS:
        if unit and error is None:
            error = f"不明な単位 {unit!r} です / unknown unit {unit!r}: hour or day"
        unit = default_unit(period)
    return RangeChoice(period, chosen, unit, error)  # type: ignore[arg-type]


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise InputError(
            f"日付は YYYY-MM-DD で指定してください（{text!r}） / give dates as YYYY-MM-DD, "
            f"not {text!r}"
        ) from None


def requested_range(request: Request, context: ServerContext) -> RangeChoice:
    """The range a dashboard page's query string asks for (``from``, ``to``, ``preset``,
    ``unit``), in the deployment's time zone and by the context's clock."""
    query = request.query_params
    return choose_range(
        context.clock(),
        context.spec.timezone,
        first=query.get("from"),
        last=query.get("to"),
        preset=query.get("preset"),
        unit=query.get("unit"),
    )
