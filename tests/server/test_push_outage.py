"""Edge outage: the central server is SIGKILLed in the middle of a push run and restarted;
every window arrives exactly once — no gap, no duplicate — and the backlog drains.

The edge is a synthetic window writer (the run's own journal and sender, committing a
crowd window every few milliseconds) rather than a real `privacam run`: TUD-Campus gives
under three seconds of frames, too few windows to kill the server in the middle of.
The central server is a real uvicorn process on a free 127.0.0.1 port.
"""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from privacam.records import Coverage, CrowdInterval
from privacam.runtime.journal import RunJournal
from privacam.runtime.push_sender import Backoff, PushSender
from privacam.runtime.push_target import PushTarget
from privacam.store import Store
from privacam.store.outbox import Outbox, edge_identity
from privacam.store.push_tables import push_outbox
from tests.server.central_app import CentralServer, free_port
from tests.server.conftest import loaded_template

pytestmark = pytest.mark.slow

T0 = datetime(2026, 4, 1, tzinfo=UTC)
WINDOWS = 120
KILL_AT = 40
RESTART_AT = 80


def window(n: int) -> list:
    start, end = T0 + timedelta(seconds=n), T0 + timedelta(seconds=n + 1)
    crowd = CrowdInterval(
        window_start=start,
        window_end=end,
        camera_id="cam1",
        area="hall",
        moving=n % 7,
        still=n % 3,
        congestion_level=0,
    )
    return [crowd, Coverage(camera_id="cam1", start=start, end=end)]


def test_every_window_arrives_exactly_once_across_a_killed_central_server(
    tmp_path: Path, server_store: Store
) -> None:
    loaded = loaded_template("crowd", tmp_path)
    central = CentralServer(loaded.path, server_store.url, free_port())
    central.start()
    try:
        with Store.open(str(tmp_path / "edge.db")) as edge:
            journal = RunJournal.begin(edge, loaded, sources=["cam1=synthetic"], model_digests={})
            journal.push_edge = edge_identity(loaded.spec)
            target = PushTarget.parse(central.url, token="test-node")
            backoff = Backoff(base_s=0.05, cap_s=0.4, rng=random.Random(1))
            sender = PushSender(edge, target, batch_size=8, backoff=backoff)
            journal.on_queued = sender.notify
            sender.start()
            for n in range(WINDOWS):
                if n == KILL_AT:
                    time.sleep(0.3)  # let the sender catch up, so the kill cuts a live stream
                    arrived_before_kill = server_store.count(CrowdInterval)
                    central.kill()
                if n == RESTART_AT:
                    waiting_while_down = Outbox(edge).backlog().rows
                    central.start()
                journal.commit(window(n))
                time.sleep(0.01)
            backlog = sender.drain(60.0)
            with edge.engine.connect() as connection:
                retried = connection.execute(select(func.max(push_outbox.c.attempts))).scalar()
        assert 0 < arrived_before_kill < WINDOWS
        assert waiting_while_down >= 2 * (RESTART_AT - KILL_AT)  # the outbox held the outage
        assert retried and retried > 0  # posts failed while the server was dead
        assert backlog.rows == 0 and backlog.rejected == 0  # and then it drained
    finally:
        central.kill()
    crowds = server_store.read(CrowdInterval)
    assert [c.window_start for c in crowds] == [T0 + timedelta(seconds=n) for n in range(WINDOWS)]
    assert [c.moving for c in crowds] == [n % 7 for n in range(WINDOWS)]
    assert server_store.count(Coverage) == WINDOWS
    ingests = [e for e in server_store.audit.entries() if e.action == "push.ingest"]
    accepted = sum(json.loads(e.details)["accepted"] for e in ingests)
    assert accepted == 2 * WINDOWS  # each record inserted once, whatever was re-sent
