"""The dashboard's queries: windows within a range, the latest window per camera, audit pages."""

from __future__ import annotations

from datetime import timedelta

from privacam.records import CrowdInterval
from privacam.store import Store
from privacam.store.audit_pages import audit_actions, audit_page
from privacam.store.window_range import newest_window_rows, windows_within
from tests.store.conftest import T0

MINUTE = timedelta(minutes=1)


def crowd(minute: int, camera_id: str = "cam1", area: str = "all", moving: int = 0):
    return CrowdInterval(
        window_start=T0 + minute * MINUTE,
        window_end=T0 + (minute + 1) * MINUTE,
        camera_id=camera_id,
        area=area,
        moving=moving,
        still=0,
        congestion_level=0,
    )


def test_windows_within_a_range_exclude_those_crossing_either_end(store: Store) -> None:
    store.write([crowd(m, moving=m) for m in range(5)])
    found = windows_within(CrowdInterval, store, T0 + MINUTE, T0 + 4 * MINUTE)
    assert [w.moving for w in found] == [1, 2, 3]
    half = T0 + 90 * timedelta(seconds=1)
    assert [w.moving for w in windows_within(CrowdInterval, store, half, T0 + 3 * MINUTE)] == [2]


def test_windows_within_keep_to_the_cameras_asked_for(store: Store) -> None:
    store.write([crowd(0, "cam1", moving=1), crowd(0, "cam2", moving=2)])
    found = windows_within(CrowdInterval, store, T0, T0 + MINUTE, cameras={"cam2"})
    assert [(w.camera_id, w.moving) for w in found] == [("cam2", 2)]


def test_latest_windows_give_every_area_of_each_cameras_newest_window(store: Store) -> None:
    store.write(
        [
            crowd(0, "cam1", "all", 1),
            crowd(1, "cam1", "all", 2),
            crowd(1, "cam1", "gate", 3),
            crowd(0, "cam2", "all", 4),
        ]
    )
    latest = newest_window_rows(CrowdInterval, store)
    assert sorted((w.camera_id, w.area, w.moving) for w in latest) == [
        ("cam1", "all", 2),
        ("cam1", "gate", 3),
        ("cam2", "all", 4),
    ]
    assert [w.moving for w in newest_window_rows(CrowdInterval, store, cameras={"cam2"})] == [4]


def test_audit_pages_run_newest_first_and_filter_by_action(store: Store) -> None:
    for n in range(5):
        store.audit.append("export" if n % 2 else "purge", f"s{n}", {"n": n})
    first = audit_page(store, limit=2)
    assert [e.seq for e in first.entries] == [5, 4] and first.total == 5 and first.has_next
    last = audit_page(store, offset=4, limit=2)
    assert [e.seq for e in last.entries] == [1] and not last.has_next
    exports = audit_page(store, action="export")
    assert [e.subject for e in exports.entries] == ["s3", "s1"] and exports.total == 2
    assert audit_actions(store) == ["export", "purge"]
