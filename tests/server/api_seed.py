"""Records for the API tests: two cameras, small and large cells, per-person kinds too."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from privacam.policy.loader import LoadedSpec
from privacam.records import (
    CrowdInterval,
    LineCount,
    Record,
    RepeatVisit,
    RepeatVisitWindow,
    Trajectory,
    new_visit_id,
)
from privacam.server.access import Principal, Role
from privacam.store import Store
from tests.server.conftest import make_client
from tests.server.fakes import FixedAuthenticator

#: 09:00 in Tokyo on 1 April 2026.
T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
QUARTER = timedelta(minutes=15)


def window(n: int) -> dict[str, datetime]:
    return {"window_start": T0 + n * QUARTER, "window_end": T0 + (n + 1) * QUARTER}


def line_counts() -> list[LineCount]:
    """cam1: 3 then 12 people in, per quarter hour (n = 0, 1, 2, 3); cam2: 40 in each."""
    counts = [3, 12, 3, 12]
    return [
        LineCount(
            **window(n),
            camera_id="cam1",
            line="L1",
            direction="in",
            class_name="person",
            count=count,
        )
        for n, count in enumerate(counts)
    ] + [
        LineCount(
            **window(n), camera_id="cam2", line="L1", direction="in", class_name="person", count=40
        )
        for n in range(4)
    ]


def crowds() -> list[CrowdInterval]:
    return [
        CrowdInterval(
            **window(n),
            camera_id="cam1",
            area="concourse",
            moving=moving,
            still=still,
            congestion_level=level,
        )
        for n, (moving, still, level) in enumerate([(20, 4, 1), (30, 14, 2)])
    ]


def per_person() -> list[Record]:
    visitor = new_visit_id()
    return [
        Trajectory(
            visit_id=new_visit_id(),
            camera_id="cam1",
            started_at=T0,
            ended_at=T0 + timedelta(minutes=3),
        ),
        Trajectory(
            visit_id=new_visit_id(),
            camera_id="cam2",
            started_at=T0,
            ended_at=T0 + timedelta(minutes=4),
        ),
        RepeatVisit(
            visit_id=new_visit_id(),
            visitor_id=visitor,
            store_id="s1",
            camera_id="cam1",
            seen_at=T0,
            repeat=False,
        ),
        RepeatVisitWindow(
            **window(0), camera_id="cam1", store_id="s1", visits=1, repeat_visits=0, new_visitors=1
        ),
    ]


def seed(store: Store) -> None:
    store.write([*line_counts(), *crowds(), *per_person()])


#: An analyst who may see cam1 only.
SCOPED = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam1"}))
AS_SCOPED = {"Authorization": f"Bearer test-{SCOPED.name}"}


@contextmanager
def seeded_client(loaded: LoadedSpec, server_store: Store) -> Iterator[TestClient]:
    """A client over a seeded store that knows the scoped analyst too; a test module's
    fixture wraps it over ``server_store`` (SQLite and PostgreSQL)."""
    seed(server_store)
    everyone = [Principal(name=role.value, role=role) for role in Role]
    authenticator = FixedAuthenticator([*everyone, SCOPED])
    with make_client(loaded, server_store, authenticator) as client:
        yield client
