"""The retention sweeper during a run, and secrets kept out of the logs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.records import LineCount
from privacam.runtime.journal import PeriodicSweeper, RunJournal
from privacam.runtime.run import _install_redaction
from privacam.store import Store


def _count(end: datetime) -> LineCount:
    return LineCount(
        window_start=end - timedelta(minutes=15),
        window_end=end,
        camera_id="cam1",
        line="L",
        direction="in",
        class_name="person",
        count=3,
    )


def test_the_sweeper_runs_at_start_and_then_every_interval(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    loaded = load_spec_text(render_template("counting"))
    now = datetime.now(UTC)
    with Store.open(str(tmp_path / "privacam.db")) as store:
        store.write([_count(now - timedelta(days=3 * 365 + 10)), _count(now)])  # one expired
        journal = RunJournal.begin(store, loaded, sources=["cam1=x"], model_digests={})
        clock = iter([0.0, 0.0, 10.0, 601.0, 700.0])  # made at 0, then four calls
        sweeper = PeriodicSweeper(journal, 600.0, clock=lambda: next(clock))
        first = sweeper.maybe_sweep()
        assert first is not None and first.deleted["line_counts"] == 1
        assert sweeper.maybe_sweep() is None  # 10 s later: not yet
        store.write([_count(now - timedelta(days=3 * 365 + 5))])
        again = sweeper.maybe_sweep()  # 601 s: sweeps again
        assert again is not None and again.deleted["line_counts"] == 1
        assert sweeper.maybe_sweep() is None
        assert [r.window_end for r in store.read(LineCount)] == [_count(now).window_end]
        assert [e.action for e in store.audit.entries()] == ["run.start", "purge", "purge"]


def test_secrets_are_redacted_from_every_log_handler(monkeypatch, caplog) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "hunter2-secret")
    text = render_template("crowd")  # its source is rtsp://viewer:${CAMERA_PASSWORD}@...
    loaded = load_spec_text(text)
    caplog.set_level(logging.INFO)
    remove = _install_redaction(loaded)
    try:
        logging.getLogger("privacam.vision.sources.stream").warning(
            "cannot open %s", loaded.camera_source(0)
        )
    finally:
        remove()
    assert "hunter2-secret" not in caplog.text
    assert "${CAMERA_PASSWORD}" in caplog.text


def test_a_zero_interval_sweeps_every_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    loaded = load_spec_text(render_template("counting"))
    with Store.open(str(tmp_path / "privacam.db")) as store:
        journal = RunJournal.begin(store, loaded, sources=[], model_digests={})
        sweeper = PeriodicSweeper(journal, 0.0, clock=lambda: 5.0)
        assert all(sweeper.maybe_sweep() is not None for _ in range(3))
        assert sweeper.sweeps == 3
