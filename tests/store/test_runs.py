"""Runs killed with SIGKILL do not stay `running` forever (issue 8 item 13): the next run,
or `audit verify`, marks a run whose process is gone `interrupted`, and audits it."""

from __future__ import annotations

import dataclasses
import json
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.records import RunRecord
from privacam.runtime.journal import RunJournal
from privacam.store import Store, mark_interrupted_runs, open_store

from .conftest import T0, loaded_spec

RUNNER = """
import sys, time
from privacam.records import RunRecord
from privacam.store import Store

store = Store.open(sys.argv[1])
run = RunRecord.begin(deployment_sha256="a" * 64, case="counting", source="cam.mp4")
with store.transaction() as tx:
    tx.write([run])
    tx.audit("run.start", run.run_id, {})
print(run.run_id, flush=True)
time.sleep(120)
"""


def killed_run(store_url: str) -> str:
    """The id of a run whose process was killed with SIGKILL while it was running."""
    runner = subprocess.Popen([sys.executable, "-c", RUNNER, store_url], stdout=subprocess.PIPE)
    try:
        run_id = runner.stdout.readline().decode().strip()
    finally:
        runner.send_signal(signal.SIGKILL)
        runner.wait()
        runner.stdout.close()
    assert run_id, "the runner died before it started its run"
    return run_id


def test_a_run_whose_process_was_killed_is_marked_interrupted_and_audited(
    store: Store, store_url: str
) -> None:
    run_id = killed_run(store_url)
    (left,) = store.read(RunRecord)
    assert (left.run_id, left.status, left.ended_at) == (run_id, "running", None)
    assert left.pid and left.host and left.process_started_at

    before = datetime.now(UTC)
    (marked,) = mark_interrupted_runs(store)
    (back,) = store.read(RunRecord)
    assert back == marked and back.status == "interrupted"
    assert before <= back.ended_at <= datetime.now(UTC)  # the time it was found
    end = [e for e in store.audit.entries() if e.action == "run.end"]
    assert [e.subject for e in end] == [run_id]
    details = json.loads(end[0].details)
    assert details["status"] == "interrupted" and details["pid"] == left.pid
    assert store.audit.verify().ok
    assert mark_interrupted_runs(store) == []  # marked once


def test_a_live_run_and_a_run_of_another_host_stay_running(store: Store) -> None:
    mine = RunRecord.begin(deployment_sha256="a" * 64, case="flow", source="x", now=T0)
    elsewhere = dataclasses.replace(
        RunRecord.begin(deployment_sha256="a" * 64, case="flow", source="y", now=T0),
        host="edge-node-7",
        pid=1,
    )
    older = dataclasses.replace(  # written before runs recorded their process
        RunRecord.begin(deployment_sha256="a" * 64, case="flow", source="z", now=T0),
        host="",
        pid=None,
        process_started_at=None,
    )
    store.write([mine, elsewhere, older])
    assert mark_interrupted_runs(store) == []
    assert {r.status for r in store.read(RunRecord)} == {"running"}


def test_a_run_whose_pid_was_reused_by_a_later_process_is_interrupted(store: Store) -> None:
    mine = RunRecord.begin(deployment_sha256="a" * 64, case="flow", source="x", now=T0)
    # Same host and pid as this (live) process, but a process that started an hour earlier.
    reused = dataclasses.replace(
        mine, process_started_at=mine.process_started_at - timedelta(hours=1)
    )
    store.write([reused])
    assert [r.run_id for r in mark_interrupted_runs(store)] == [mine.run_id]


def test_the_next_run_marks_a_killed_run_interrupted_before_it_starts(
    tmp_path: Path, store_url: str
) -> None:
    loaded = loaded_spec(tmp_path, "counting", store_url=store_url)
    with open_store(loaded) as store:
        dead = killed_run(store.url)
        journal = RunJournal.begin(store, loaded, sources=["gate=cam.mp4"], model_digests={})
        status = {r.run_id: r.status for r in store.read(RunRecord)}
        actions = [(e.action, e.subject) for e in store.audit.entries()]
    assert status == {dead: "interrupted", journal.run.run_id: "running"}
    assert actions[-2:] == [("run.end", dead), ("run.start", journal.run.run_id)]


def test_audit_verify_marks_a_killed_run_interrupted(tmp_path: Path, capsys) -> None:
    loaded = loaded_spec(tmp_path, "counting")
    with open_store(loaded) as store:
        dead = killed_run(store.url)
    with pytest.raises(SystemExit) as done:
        main(["audit", "verify", str(loaded.path)])
    err = capsys.readouterr().err
    assert done.value.code == 0
    assert f"run {dead}: its process" in err and "marked interrupted" in err
    with open_store(loaded) as store:
        assert [r.status for r in store.read(RunRecord)] == ["interrupted"]
        assert store.audit.verify().ok
