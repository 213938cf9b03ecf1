"""What an edge node pushes to a central server, and the stable id of each pushed record.

The rule, written once: **a record is pushed when its kind is statistics of a camera
over a window or span** — counts, occupancy, crowd intervals, flow windows, zone
transitions, heatmap grids, attribute tallies, repeat-visit window statistics, and the
coverage and outage spans that tell a gap from a zero. Never pushed:

- personal data (``trajectories``' per-person paths, case ③'s ``repeat_visits`` with their
  visitor ids) and identifiers (the vault's templates, which are not records at all):
  case ③'s vault stays on its edge;
- ``runs``: the edge's own process bookkeeping (host, pid, sources), not a window;
- anything under rights (requests, incidents): those ledgers live in their own tables.

:data:`NATURAL_KEYS` names, per pushed kind, the fields that say *which* window cell a
record is (camera, window, line, direction, class...); its id is a UUID5 of the edge's
identity, the kind and those fields, so a re-push of the same window names the same rows
and the central store replaces nothing twice (:mod:`privacam.store.ingest`).

>>> from datetime import datetime, UTC
>>> from privacam.records import LineCount, RepeatVisit
>>> is_pushed(LineCount), is_pushed(RepeatVisit)
(True, False)
>>> c = LineCount(window_start=datetime(2026, 4, 1, tzinfo=UTC),
...               window_end=datetime(2026, 4, 1, 0, 15, tzinfo=UTC),
...               camera_id="gate", line="L1", direction="in", class_name="person", count=7)
>>> push_id("site-a", c) == push_id("site-a", dataclasses.replace(c, count=9))
True
>>> push_id("site-a", c) == push_id("site-b", c)
False
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable
from datetime import datetime

from privacam.policy.spec import DataClass
from privacam.records import RECORD_KINDS, Record

#: Kinds that are statistics but are not a window's output, so they stay on the edge.
EDGE_ONLY_STATISTICS = frozenset({"runs"})

#: Pushed kind -> the fields that identify a record (everything else is its value).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "line_counts": ("camera_id", "window_start", "window_end", "line", "direction", "class_name"),
    "zone_occupancy": ("camera_id", "window_start", "window_end", "zone", "class_name"),
    "flow_windows": ("camera_id", "window_start", "window_end", "zone"),
    "zone_transitions": ("camera_id", "window_start", "window_end", "from_zone", "to_zone"),
    "heatmaps": ("camera_id", "window_start", "window_end"),
    "crowd_intervals": ("camera_id", "window_start", "window_end", "area"),
    "attribute_tallies": ("camera_id", "window_start", "window_end", "age_bracket", "gender"),
    "repeat_windows": ("camera_id", "window_start", "window_end", "store_id"),
    "coverage": ("camera_id", "start", "end"),
    "outages": ("camera_id", "start", "end"),
}

#: The kinds an edge pushes, in :data:`privacam.records.RECORD_KINDS` order.
PUSHED_KINDS: tuple[str, ...] = tuple(
    kind
    for kind, cls in RECORD_KINDS.items()
    if cls.data_class is DataClass.statistics and kind not in EDGE_ONLY_STATISTICS
)

#: The namespace of every pushed record id (a fixed random UUID: ids mean nothing outside).
PUSH_NAMESPACE = uuid.UUID("5f0c6d3e-2b7a-4f43-9a51-0f3c8e2d9b64")


def is_pushed(record_type: type[Record]) -> bool:
    """Whether records of this kind leave the edge (see the module docstring)."""
    return record_type.kind in PUSHED_KINDS


def pushed(records: Iterable[Record]) -> list[Record]:
    """The records of a batch that an edge pushes; the others stay where they are."""
    return [r for r in records if is_pushed(type(r))]


def camera_of(record: Record) -> str:
    """The camera a pushed record is about (every pushed kind has one: see check_rule)."""
    return record.to_dict()["camera_id"]


def _key_text(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def push_id(edge: str, record: Record) -> str:
    """The stable id of ``record`` pushed by the edge named ``edge`` (UUID5, as text)."""
    if not is_pushed(type(record)):
        raise ValueError(f"{record.kind} records are never pushed")
    key = [edge, record.kind, *(_key_text(getattr(record, f)) for f in NATURAL_KEYS[record.kind])]
    # A unit separator cannot appear in an identifier, so two keys never join the same way.
    return str(uuid.uuid5(PUSH_NAMESPACE, "\x1f".join(key)))


def check_rule() -> None:
    """ValueError unless the natural keys cover exactly the pushed kinds, with real fields."""
    if set(NATURAL_KEYS) != set(PUSHED_KINDS):
        raise ValueError(f"natural keys {sorted(NATURAL_KEYS)} != pushed {sorted(PUSHED_KINDS)}")
    for kind, fields in NATURAL_KEYS.items():
        names = {f.name for f in dataclasses.fields(RECORD_KINDS[kind])}
        if not set(fields) <= names or "camera_id" not in fields:
            raise ValueError(f"{kind}: natural key {fields} is not made of its camera and fields")


check_rule()
