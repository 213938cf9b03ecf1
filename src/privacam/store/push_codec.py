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


def decode(kind: str, fields: dict[str, Any]) -> Record:
    """The record of ``kind`` from its JSON fields; pydantic's ValidationError when invalid."""
    return adapter(kind).validate_python(fields)
