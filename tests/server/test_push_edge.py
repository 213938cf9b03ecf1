"""Edge to centre in one process: the sender drains into the push endpoint, and a case ③
edge sends its window statistics but no visitor id and no template byte."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import select

from privacam.records import CrowdInterval, RepeatVisit, RepeatVisitWindow, new_visit_id
from privacam.runtime.push_sender import Answer, PushSender
from privacam.runtime.push_target import PushTarget
from privacam.server.access import Role
from privacam.store import Store
from privacam.store.tables import vault_keys, vault_templates
from privacam.store.vault import Vault
from tests.runtime.test_push_sender import TARGET, Recorder, crowd, pushing_journal
from tests.server.conftest import loaded_template
from tests.server.fakes import as_role

T0 = datetime(2026, 4, 1, tzinfo=UTC)


def test_the_sender_thread_drains_into_the_central_server(
    tmp_path: Path, client: TestClient, server_store: Store
) -> None:
    loaded = loaded_template("crowd", tmp_path)

    def into_client(target: PushTarget, body: bytes) -> Answer:
        answer = client.post(
            "/api/v1/push",
            content=body,
            headers={**as_role(Role.NODE), "Content-Type": "application/json"},
        )
        return Answer(answer.status_code, answer.text)

    with Store.open(str(tmp_path / "edge.db")) as store:
        sender = PushSender(store, TARGET, post=into_client, batch_size=3)
        journal = pushing_journal(store, loaded)
        journal.on_queued = sender.notify
        sender.start()
        for minute in range(7):
            journal.commit([crowd(minute)])
        backlog = sender.drain(10.0)
    assert backlog.rows == 0
    assert [c.moving for c in server_store.read(CrowdInterval)] == list(range(7))


def test_a_repeat_deployment_pushes_no_visitor_id_and_no_template_byte(
    tmp_path: Path, sqlite_client: TestClient, sqlite_server_store: Store
) -> None:
    loaded = loaded_template("repeat", tmp_path)
    central = Recorder()
    with Store.open(str(tmp_path / "edge.db")) as store:
        feature = np.random.default_rng(5).normal(size=128).astype(np.float32)
        feature /= np.linalg.norm(feature)
        visitor = Vault(store, model="test_embedder").enrol(feature, store_id="s1", seen_at=T0)
        visit = RepeatVisit(
            visit_id=new_visit_id(),
            visitor_id=visitor,
            store_id="s1",
            camera_id="cam1",
            seen_at=T0 + timedelta(minutes=3),
            repeat=False,
        )
        window = RepeatVisitWindow(
            window_start=T0,
            window_end=T0 + timedelta(hours=1),
            camera_id="cam1",
            store_id="s1",
            visits=1,
            repeat_visits=0,
            new_visitors=1,
        )
        pushing_journal(store, loaded).commit([visit, window])
        sender = PushSender(store, TARGET, post=central)
        while sender.send_once() is not None:
            pass
        with store.engine.connect() as connection:
            secrets = [
                *connection.execute(select(vault_templates.c.ciphertext)).scalars(),
                *connection.execute(select(vault_templates.c.nonce)).scalars(),
                *connection.execute(select(vault_keys.c.wrapped_key)).scalars(),
            ]
    posted = json.dumps(central.bodies)
    assert [r["kind"] for body in central.bodies for r in body["records"]] == ["repeat_windows"]
    assert visitor not in posted and visit.visit_id not in posted
    assert secrets and not any(s.hex() in posted or s[:12].hex() in posted for s in secrets)
    for body in central.bodies:
        answer = sqlite_client.post("/api/v1/push", json=body, headers=as_role(Role.NODE))
        assert answer.status_code == 200
    assert sqlite_server_store.count(RepeatVisit) == 0
    assert sqlite_server_store.count(RepeatVisitWindow) == 1
