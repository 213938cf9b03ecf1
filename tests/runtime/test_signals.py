"""Runs stopped from outside: SIGKILL loses no committed window and leaves no half-written
one; SIGINT and SIGTERM stop cleanly (exit 0) and say whether the open window was kept."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from privacam.records import Coverage, LineCount, RunRecord, ZoneOccupancy
from privacam.runtime import RunOptions, run_deployment
from privacam.store import Store

pytestmark = [pytest.mark.assets, pytest.mark.slow]

START = "2026-04-01T09:00:00+09:00"
REPEATS = 4  # TUD-Campus is 71 frames (2.8 s); four passes give a run long enough to interrupt


@pytest.fixture
def long_folder(media_dir: Path, tmp_path: Path) -> Path:
    """TUD-Campus played forwards and backwards, as symlinks (no pixels are copied)."""
    source = media_dir / "TUD-Campus" / "img1"
    if not source.is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    frames = sorted(source.glob("*.jpg"))
    folder = tmp_path / "frames"
    folder.mkdir()
    n = 0
    for k in range(REPEATS):
        for frame in frames if k % 2 == 0 else frames[::-1]:
            n += 1
            (folder / f"{n:06d}.jpg").symlink_to(frame)
    return folder


def _start(path: Path, models_dir: Path, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PRIVACAM_MODELS": str(models_dir),
        "PRIVACAM_AUDIT_KEY_FILE": str(tmp_path / "audit.key"),
    }
    code = "import sys; from privacam.cli import main; main(sys.argv[1:])"
    return subprocess.Popen(
        [sys.executable, "-c", code, "run", str(path), "--start-time", START, "--no-progress"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_rows(db: Path, table: str, n: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the run ended early: {process.communicate()}"
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
                    if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= n:
                        return
            except sqlite3.OperationalError:
                pass  # the schema is still being made
        time.sleep(0.05)
    pytest.fail(f"no {n} rows in {table} within 120 s")


def _by_window(store: Store, kind) -> dict[tuple, list[tuple]]:
    rows: dict[tuple, list[tuple]] = defaultdict(list)
    for r in store.read(kind):
        d = r.to_dict()
        key = (d.pop("window_start"), d.pop("window_end"))
        rows[key].append(tuple(sorted(d.items())))
    return {k: sorted(v) for k, v in rows.items()}


def test_sigkill_loses_no_committed_window_and_leaves_no_half_written_one(
    make_deployment, long_folder, models_dir, tmp_path, monkeypatch
) -> None:
    edits = ((r"^    window: 15m", "    window: 1s"),)
    path = make_deployment("counting", long_folder, fps=25, edits=edits)
    process = _start(path, models_dir, tmp_path)
    _wait_for_rows(path.parent / "privacam.db", "coverage", 3, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    # The same input, uninterrupted, from the same start time: the reference.
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    reference_path = make_deployment(
        "counting", long_folder, fps=25, edits=edits, folder=tmp_path / "reference"
    )
    run_deployment(
        reference_path,
        RunOptions(start_time=datetime.fromisoformat(START), show_progress=False),
    )

    with Store.open(str(path.parent / "privacam.db"), create=False) as killed:
        assert killed.audit.verify().ok
        (run,) = killed.read(RunRecord)
        assert run.status == "running"  # it never got to say otherwise
        assert [e.action for e in killed.audit.entries()] == ["run.start"]
        spans = [(c.start, c.end) for c in killed.read(Coverage)]
        counts, zones = _by_window(killed, LineCount), _by_window(killed, ZoneOccupancy)
    with Store.open(str(reference_path.parent / "privacam.db"), create=False) as full:
        full_spans = [(c.start, c.end) for c in full.read(Coverage)]
        full_counts, full_zones = _by_window(full, LineCount), _by_window(full, ZoneOccupancy)
        crossings = sum(r.count for r in full.read(LineCount))

    assert len(spans) >= 3
    assert spans == full_spans[: len(spans)]  # committed windows are a prefix of the truth
    assert len(spans) < len(full_spans)  # and the kill did cut the run short
    assert sorted(counts) == sorted(zones) == spans  # every record belongs to a covered window
    for span in spans:  # ... and every covered window is complete, row for row
        assert counts[span] == full_counts[span]
        assert zones[span] == full_zones[span]
    assert crossings > 0  # people did cross, so the comparison compares something


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_cleanly_and_says_what_became_of_the_open_window(
    signum, make_deployment, long_folder, models_dir, tmp_path
) -> None:
    path = make_deployment("counting", long_folder, fps=25)  # 15-minute windows
    process = _start(path, models_dir, tmp_path)
    _wait_for_rows(path.parent / "privacam.db", "runs", 1, process)
    time.sleep(1.5)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"{signal.Signals(signum).name} received" in err
    # A few seconds of a 15-minute window: dropped, and said so.
    assert "open window" in err and "dropped" in err
    assert "interrupted" in out
    with Store.open(str(path.parent / "privacam.db"), create=False) as store:
        (run,) = store.read(RunRecord)
        assert run.status == "interrupted"
        assert store.read(LineCount) == [] and store.read(Coverage) == []
        end = next(e for e in store.audit.entries() if e.action == "run.end")
        assert '"open_window":"dropped"' in end.details
        assert f'"stop_reason":"{signal.Signals(signum).name}"' in end.details
        assert store.audit.verify().ok
