"""k-suppression for published output: public pages, feeds, third-party exports (invariant 4).

Each record kind declares in ``suppression`` which count gates which fields. A
gate value from 1 to k−1 is a small cell: its fields become ``None`` and the
row's ``suppressed`` flag is set. Heatmap cells are gated one by one. Zero is
published: it says nobody was there, which discloses no one, and hiding it
would make a quiet hour look like a suppressed one. The operator's own exports
(:mod:`privacam.store.export` without ``published``) stay exact.

Kinds without a suppression rule (trajectories, runs) are never published.

>>> from datetime import datetime, UTC
>>> from privacam.records import LineCount
>>> t0, t1 = datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 4, 1, 1, tzinfo=UTC)
>>> rows = [LineCount(window_start=t0, window_end=t1, camera_id="c", line="L", direction=d,
...                   class_name="person", count=n) for d, n in (("in", 3), ("out", 12))]
>>> [(r["count"], r["suppressed"]) for r in publish(rows, k=10)]
[(None, True), (12, False)]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from privacam.errors import InputError
from privacam.records import Record


def is_small(value: int | float | None, k: int) -> bool:
    """A cell to suppress: positive and below k."""
    return value is not None and 0 < value < k


def check_publishable(record_type: type[Record]) -> None:
    if record_type.suppression is None:
        raise InputError(
            f"{record_type.kind} is {record_type.data_class.value} data without a "
            "suppression rule and is never published; export it without --published"
        )


def publish(records: Iterable[Record], k: int) -> list[dict[str, Any]]:
    """The records as rows fit to publish: small cells ``None``, flag ``suppressed``."""
    if k < 1:
        raise InputError(f"publication.k must be at least 1, got {k}")
    rows = []
    for record in records:
        check_publishable(type(record))
        row = record.to_dict()
        suppressed = False
        for gate, fields in (record.suppression or {}).items():
            value = row[gate]
            if isinstance(value, tuple):  # a grid: gate each cell on its own count
                grid = tuple(tuple(None if is_small(c, k) else c for c in r) for r in value)
                suppressed |= grid != value
                for name in fields:
                    row[name] = grid
            elif is_small(value, k):
                suppressed = True
                for name in fields:
                    row[name] = None
        row["suppressed"] = suppressed
        rows.append(row)
    return rows
