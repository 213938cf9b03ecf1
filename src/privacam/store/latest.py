"""The newest windows a store holds: per statistics kind and camera, how many and the last.

The dashboard's overview reads this to say whether each camera is still reporting; it
counts only window statistics (never personal records), so every signed-in role may see it.

>>> import tempfile, os
>>> from datetime import datetime, UTC
>>> from privacam.records import LineCount
>>> from privacam.store import Store
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> t0, t1 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC), datetime(2026, 4, 1, 0, 15, tzinfo=UTC)
>>> _ = store.write([LineCount(window_start=t0, window_end=t1, camera_id="gate", line="L1",
...                            direction="in", class_name="person", count=7)])
>>> [(w.kind, w.camera_id, w.windows, w.last_end.isoformat()) for w in latest_windows(store)]
[('line_counts', 'gate', 1, '2026-04-01T00:15:00+00:00')]
>>> latest_windows(store, cameras={"other"})
[]
>>> store.close(); del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from privacam.records import RECORD_KINDS, WindowStatistics
from privacam.store.store import Store
from privacam.store.tables import table_for

#: The record kinds that are per-camera window statistics, in the records module's order.
WINDOW_KINDS: tuple[type[WindowStatistics], ...] = tuple(
    kind for kind in RECORD_KINDS.values() if issubclass(kind, WindowStatistics)
)


@dataclass(frozen=True)
class LatestWindow:
    """How many rows of ``kind`` one camera has, and the span of the newest."""

    kind: str
    camera_id: str
    windows: int
    last_start: datetime
    last_end: datetime


def latest_windows(store: Store, cameras: Collection[str] | None = None) -> list[LatestWindow]:
    """Per window kind and camera (``cameras``: only those; ``None``: all), by kind then camera."""
    found: list[LatestWindow] = []
    with store.engine.connect() as connection:
        for kind in WINDOW_KINDS:
            table = table_for(kind)
            query = select(
                table.c.camera_id,
                func.count(),
                func.max(table.c.window_start),
                func.max(table.c.window_end),
            ).group_by(table.c.camera_id)
            if cameras is not None:
                query = query.where(table.c.camera_id.in_(sorted(cameras)))
            for camera_id, windows, last_start, last_end in connection.execute(query):
                found.append(LatestWindow(kind.kind, camera_id, windows, last_start, last_end))
    return sorted(found, key=lambda w: (WINDOW_KINDS.index(RECORD_KINDS[w.kind]), w.camera_id))
