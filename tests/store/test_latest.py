"""The newest windows per kind and camera, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from privacam.records import CrowdInterval, LineCount
from privacam.store.latest import latest_windows
from tests.store.conftest import T0


def test_latest_windows_counts_rows_and_finds_the_newest_per_kind_and_camera(store) -> None:
    def count(camera: str, start, n: int) -> LineCount:
        end = start + timedelta(minutes=15)
        return LineCount(
            window_start=start,
            window_end=end,
            camera_id=camera,
            line="L1",
            direction="in",
            class_name="person",
            count=n,
        )

    later = T0 + timedelta(hours=2)
    store.write([count("cam1", T0, 1), count("cam1", later, 2), count("cam2", T0, 3)])
    store.write(
        [
            CrowdInterval(
                window_start=T0,
                window_end=T0 + timedelta(minutes=1),
                camera_id="cam2",
                area="A",
                moving=1,
                still=0,
                congestion_level=1,
            )
        ]
    )
    found = [(w.kind, w.camera_id, w.windows, w.last_end) for w in latest_windows(store)]
    assert found == [
        ("line_counts", "cam1", 2, later + timedelta(minutes=15)),
        ("line_counts", "cam2", 1, T0 + timedelta(minutes=15)),
        ("crowd_intervals", "cam2", 1, T0 + timedelta(minutes=1)),
    ]
    assert [w.camera_id for w in latest_windows(store, cameras={"cam2"})] == ["cam2", "cam2"]
    assert latest_windows(store, cameras=set()) == []
