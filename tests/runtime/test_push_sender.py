"""The edge side of a push: the outbox filled with each window, the sender, the URL rule."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from privacam.records import CrowdInterval
from privacam.runtime.journal import RunJournal
from privacam.runtime.push_sender import Answer, Backoff, PushSender
from privacam.runtime.push_target import PushTarget
from privacam.store import Store
from privacam.store.outbox import Outbox, edge_identity
from tests.helpers.cli import run
from tests.server.conftest import loaded_template

T0 = datetime(2026, 4, 1, tzinfo=UTC)
TARGET = PushTarget(endpoint="http://127.0.0.1:1/api/v1/push", token="test-node")


@pytest.fixture(autouse=True)
def _keys(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))
    monkeypatch.setenv("PRIVACAM_VAULT_KEY_FILE", str(tmp_path / "keys" / "vault.key"))
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")


def crowd(minute: int) -> CrowdInterval:
    return CrowdInterval(
        window_start=T0 + timedelta(minutes=minute),
        window_end=T0 + timedelta(minutes=minute + 1),
        camera_id="cam1",
        area="hall",
        moving=minute,
        still=1,
        congestion_level=0,
    )


def pushing_journal(store: Store, loaded) -> RunJournal:
    journal = RunJournal.begin(store, loaded, sources=["cam1=x"], model_digests={})
    journal.push_edge = edge_identity(loaded.spec)
    return journal


class Recorder:
    """A stand-in central server: answers from a script, remembers every body."""

    def __init__(self, *statuses: int | None) -> None:
        self.statuses = list(statuses)
        self.bodies: list[dict] = []

    def __call__(self, target: PushTarget, body: bytes) -> Answer:
        self.bodies.append(json.loads(body))
        status = self.statuses.pop(0) if self.statuses else 200
        return Answer(status, "down" if status is None else "")


def test_each_committed_window_is_queued_with_it(tmp_path: Path) -> None:
    loaded = loaded_template("crowd", tmp_path)
    with Store.open(str(tmp_path / "edge.db")) as store:
        journal = pushing_journal(store, loaded)
        journal.commit([crowd(0)])
        journal.commit([crowd(1)])
        assert Outbox(store).backlog().rows == 2


def test_rows_are_marked_sent_only_on_a_2xx(tmp_path: Path) -> None:
    loaded = loaded_template("crowd", tmp_path)
    with Store.open(str(tmp_path / "edge.db")) as store:
        pushing_journal(store, loaded).commit([crowd(0), crowd(1)])
        central = Recorder(None, 503, 401, 200)
        sender = PushSender(store, TARGET, post=central, backoff=Backoff(rng=random.Random(3)))
        waits = [sender.send_once() for _ in range(3)]
        assert all(w and w > 0 for w in waits)
        assert Outbox(store).backlog().rows == 2
        assert sender.send_once() == 0.0
        assert Outbox(store).backlog().rows == 0 and sender.send_once() is None
        assert len(central.bodies) == 4 and central.bodies[0] == central.bodies[3]


def test_backoff_grows_exponentially_with_jitter_and_stays_under_its_cap() -> None:
    backoff = Backoff(base_s=1, cap_s=20, rng=random.Random(7))
    waits = [backoff.next_wait() for _ in range(12)]
    assert [1 / 2 <= w <= 1 for w in waits[:1]] == [True]
    assert all(2 ** (n - 1) <= w <= 2**n for n, w in enumerate(waits[1:4], start=1))
    assert all(10 <= w <= 20 for w in waits[5:])
    assert len(set(waits)) == len(waits)  # jittered: no two waits alike
    backoff.reset()
    assert backoff.next_wait() <= 1


def test_a_refused_record_is_isolated_and_the_rest_are_sent(tmp_path: Path) -> None:
    loaded = loaded_template("crowd", tmp_path)
    with Store.open(str(tmp_path / "edge.db")) as store:
        pushing_journal(store, loaded).commit([crowd(m) for m in range(4)])
        bad = Outbox(store).pending(10)[2].push_id

        def central(target: PushTarget, body: bytes) -> Answer:
            ids = [r["id"] for r in json.loads(body)["records"]]
            return Answer(422 if bad in ids else 200)

        sender = PushSender(store, TARGET, post=central)
        while sender.send_once() is not None:
            pass
        backlog = Outbox(store).backlog()
        assert (backlog.rows, backlog.rejected, backlog.sent) == (0, 1, 3)


def test_run_refuses_a_plain_http_push_url_unless_loopback(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    code, _, err = run(capsys, "run", str(spec), "--push", "http://centre.example:8321")
    assert code == 2 and "https://" in err and "http はこのマシン上" in err
    assert len(err.strip().splitlines()) == 1


def test_run_push_needs_a_token(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("PRIVACAM_PUSH_TOKEN", raising=False)
    code, _, err = run(capsys, "run", str(tmp_path / "x.yaml"), "--push", "https://127.0.0.1:1")
    assert code == 2 and "PRIVACAM_PUSH_TOKEN" in err
    token = tmp_path / "token"
    token.write_text("  secret-token\n")
    target = PushTarget.parse("http://[::1]:8321", token=token.read_text())
    assert target.token == "secret-token" and "secret-token" not in repr(target)


def test_push_status_reports_the_backlog(tmp_path: Path, capsys) -> None:
    loaded = loaded_template("crowd", tmp_path)
    from privacam.store import open_store

    with open_store(loaded) as store:
        pushing_journal(store, loaded).commit([crowd(0), crowd(1)])
    code, out, _ = run(capsys, "push", "status", str(loaded.path))
    assert code == 1 and "pending   2" in out
