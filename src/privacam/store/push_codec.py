"""Pushed records as JSON and back: one codec for the edge's outbox and the server's batch.

Both sides use pydantic's adapter of the record dataclass, so the JSON a node posts is
exactly the JSON the server validates (times ISO 8601 in UTC, grids as lists), and
decoding runs the record's own checks (a naive time, a window that ends before it
starts, a negative count are refused).

>>> from datetime import datetime, UTC
>>> from privacam.records import CrowdInterval
>>> c = CrowdInterval(window_start=datetime(2026, 4, 1, tzinfo=UTC),
...                   window_end=datetime(2026, 4, 1, 0, 1, tzinfo=UTC), camera_id="hall",
...                   area="A", moving=3, still=1, congestion_level=0)
>>> encode(c)["window_start"]
'2026-04-01T00:00:00Z'
>>> decode("crowd_intervals", encode(c)) == c
True
"""

from __future__ import annotations

import functools
import math
from typing import Any

from pydantic import TypeAdapter

from privacam.records import RECORD_KINDS, Record
from privacam.store.push_kinds import PUSHED_KINDS


@functools.cache
def adapter(kind: str) -> TypeAdapter[Any]:
    """The pydantic adapter of a pushed kind's record class."""
    if kind not in PUSHED_KINDS:
        raise ValueError(f"{kind} records are never pushed")
    return TypeAdapter(RECORD_KINDS[kind])


def encode(record: Record) -> dict[str, Any]:
    """The record's fields as JSON values."""
    return adapter(record.kind).dump_python(record, mode="json")


def unknown_fields(kind: str, fields: dict[str, Any]) -> list[str]:
    """Names in ``fields`` that the kind has no field for (refused: nothing rides along)."""
    known = set(RECORD_KINDS[kind].field_names())
    return sorted(set(fields) - known)


#: The largest integer a record column holds on every engine (PostgreSQL's ``integer``).
MAX_INT = 2**31 - 1
#: The longest text a pushed field may hold (ids, names of lines, zones, classes).
MAX_TEXT = 200


def unsafe_values(fields: Any, where: str = "") -> list[str]:
    """Values no database column takes as they are, by path: text with NUL or over
    :data:`MAX_TEXT` characters, integers past :data:`MAX_INT`, NaN or infinite numbers.

    >>> unsafe_values({"count": 2**40, "line": "L" + chr(0), "mean": float("nan"), "ok": [1, 2]})
    ['count: integer out of range', 'line: text with NUL or over 200 characters', 'mean: not a finite number']
    """
    if isinstance(fields, dict):
        return [p for k, v in fields.items() for p in unsafe_values(v, f"{where}{k}")]
    if isinstance(fields, list):
        return [p for i, v in enumerate(fields) for p in unsafe_values(v, f"{where}[{i}]")]
    if isinstance(fields, bool):
        return []
    if isinstance(fields, int) and abs(fields) > MAX_INT:
        return [f"{where}: integer out of range"]
    if isinstance(fields, float) and not math.isfinite(fields):
        return [f"{where}: not a finite number"]
    if isinstance(fields, str) and ("\x00" in fields or len(fields) > MAX_TEXT):
        return [f"{where}: text with NUL or over {MAX_TEXT} characters"]
    return []


def decode(kind: str, fields: dict[str, Any]) -> Record:
    """The record of ``kind`` from its JSON fields; pydantic's ValidationError when invalid.

    A time whose offset pushes it past the calendar (year 9999 at -23:59) is refused as a
    ValueError too, rather than escaping as an OverflowError."""
    try:
        return adapter(kind).validate_python(fields)
    except (OverflowError, TypeError) as error:
        raise ValueError(f"{kind}: {error}") from None
