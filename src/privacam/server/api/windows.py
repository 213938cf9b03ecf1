"""The ``from`` / ``to`` query parameters: a time window, ``from`` inclusive, ``to`` exclusive.

A time without a zone is read in the deployment's time zone (the one its windows are
counted in), so ``from=2026-04-01T09:00`` means 09:00 where the cameras are.

>>> from zoneinfo import ZoneInfo
>>> aware(datetime(2026, 4, 1, 9), "Asia/Tokyo").isoformat()
'2026-04-01T00:00:00+00:00'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query

from privacam.server.api.errors import bad_request
from privacam.server.context import ServerContext, get_context


def aware(value: datetime, timezone: str) -> datetime:
    """``value`` in UTC; a naive one is taken as wall time in ``timezone``."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=ZoneInfo(timezone))
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise bad_request(
            f"時刻 {value.isoformat()} は扱える範囲外です",
            f"time {value.isoformat()} is out of range",
        ) from None


@dataclass(frozen=True)
class TimeWindow:
    since: datetime | None
    until: datetime | None

    def details(self) -> dict[str, str | None]:
        """The window as an audit entry records it."""
        return {
            "from": self.since.isoformat() if self.since else None,
            "to": self.until.isoformat() if self.until else None,
        }


def time_window(
    context: Annotated[ServerContext, Depends(get_context)],
    since: Annotated[
        datetime | None,
        Query(
            alias="from",
            description="Start, inclusive (ISO 8601; without a zone: the deployment's).",
        ),
    ] = None,
    until: Annotated[
        datetime | None,
        Query(
            alias="to", description="End, exclusive (ISO 8601; without a zone: the deployment's)."
        ),
    ] = None,
) -> TimeWindow:
    zone = context.spec.timezone
    window = TimeWindow(
        since=aware(since, zone) if since is not None else None,
        until=aware(until, zone) if until is not None else None,
    )
    if window.since and window.until and window.until < window.since:
        raise bad_request(
            "to が from より前です", "`to` is before `from`: give the window's start first"
        )
    return window


#: A camera id as the deployment file allows one.
CAMERA_PATTERN = r"^[A-Za-z0-9_.-]{1,128}$"
Camera = Annotated[
    str | None,
    Query(description="Only this camera (an id of the deployment file).", pattern=CAMERA_PATTERN),
]
