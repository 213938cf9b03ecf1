"""Zone-to-zone moves of case ② summed over a date range: a from→to matrix per camera.

The moves come from the window statistics (``zone_transitions``), both the case's own and
those the retention sweeper folded from expiring trajectories, which never count a move
twice (:mod:`privacam.store.fold`); trajectories themselves are never read here.

>>> m = TransitionMatrix("cam1", {("entrance", "shelf"): 4, ("shelf", "till"): 3})
>>> m.zones, m.count("entrance", "shelf"), m.count("till", "entrance"), m.total
(('entrance', 'shelf', 'till'), 4, 0, 7)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select

from privacam.store.series import DateRange
from privacam.store.store import Store
from privacam.store.tables import zone_transitions


@dataclass(frozen=True)
class TransitionMatrix:
    """One camera's moves: ``moves[(from_zone, to_zone)]`` is how many were counted."""

    camera_id: str
    moves: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def zones(self) -> tuple[str, ...]:
        """Every zone a move starts or ends in, sorted."""
        return tuple(sorted({zone for move in self.moves for zone in move}))

    def count(self, from_zone: str, to_zone: str) -> int:
        return self.moves.get((from_zone, to_zone), 0)

    @property
    def total(self) -> int:
        return sum(self.moves.values())

    def ranked(self) -> list[tuple[str, str, int]]:
        """The moves, most frequent first (ties by zone names)."""
        return sorted(
            ((a, b, n) for (a, b), n in self.moves.items()), key=lambda m: (-m[2], m[0], m[1])
        )


def zone_transition_matrices(
    store: Store, period: DateRange, cameras: Collection[str] | None = None
) -> list[TransitionMatrix]:
    """Per camera (``cameras``: only those), the moves whose window starts in ``period``."""
    t = zone_transitions
    query = (
        select(t.c.camera_id, t.c.from_zone, t.c.to_zone, func.sum(t.c.count))
        .where(t.c.window_start >= period.start, t.c.window_start < period.end)
        .group_by(t.c.camera_id, t.c.from_zone, t.c.to_zone)
    )
    if cameras is not None:
        query = query.where(t.c.camera_id.in_(sorted(cameras)))
    moves: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    with store.engine.connect() as connection:
        for camera_id, from_zone, to_zone, count in connection.execute(query):
            moves[camera_id][(from_zone, to_zone)] = int(count)
    return [TransitionMatrix(camera_id, moves[camera_id]) for camera_id in sorted(moves)]
