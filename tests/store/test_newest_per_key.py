"""newest_per_key: the newest window per key, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from privacam.records import CrowdInterval
from privacam.store.newest_per_key import newest_per_key

T0 = datetime(2026, 4, 1, 9, tzinfo=UTC)
KEYS = ("camera_id", "area")


def interval(minute: int, area: str, moving: int, camera: str = "cam1") -> CrowdInterval:
    start = T0 + timedelta(minutes=minute)
    return CrowdInterval(
        window_start=start,
        window_end=start + timedelta(minutes=1),
        camera_id=camera,
        area=area,
        moving=moving,
        still=0,
        congestion_level=0,
    )


def test_each_key_gets_its_newest_window(store) -> None:
    store.write([interval(m, "all", 10 + m) for m in range(5)])
    store.write([interval(2, "gate", 7), interval(1, "gate", 3), interval(4, "all", 5, "cam2")])
    latest = newest_per_key(store, CrowdInterval, KEYS)
    assert [(r.camera_id, r.area, r.moving) for r in latest] == [
        ("cam1", "all", 14),
        ("cam1", "gate", 7),
        ("cam2", "all", 5),
    ]


def test_of_two_rows_for_the_same_newest_window_the_last_written_wins(store) -> None:
    store.write([interval(0, "all", 11)])
    store.write([interval(0, "all", 12)])
    assert [r.moving for r in newest_per_key(store, CrowdInterval, KEYS)] == [12]


def test_keys_whose_newest_window_ended_before_since_are_left_out(store) -> None:
    store.write([interval(0, "old", 1), interval(30, "all", 2)])
    since = T0 + timedelta(minutes=10)
    assert [r.area for r in newest_per_key(store, CrowdInterval, KEYS, since=since)] == ["all"]
