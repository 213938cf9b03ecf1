"""A live stream through `run`: an outage is a gap in the data, and the stream's password
never reaches the store, the audit log, the console or the logs."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.policy.loader import load_spec
from privacam.policy.notice import render_notice
from privacam.records import Coverage, LineCount, Outage, RunRecord
from privacam.runtime import RunOptions, run_deployment
from privacam.store import Store
from tests.runtime.conftest import edit, synthetic_video
from tests.vision.mjpeg_server import MjpegServer

SECRET = "pw-7f3a9c1e"


@pytest.mark.slow
def test_an_outage_on_a_live_stream_is_a_gap_and_its_password_stays_secret(
    make_deployment, no_models, monkeypatch, tmp_path: Path, caplog, capsys
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("CAMERA_PASSWORD", SECRET)
    server = MjpegServer(fps=20, size=(640, 480))
    server.start()
    url = server.url.replace("http://", "http://viewer:${CAMERA_PASSWORD}@")
    path = make_deployment("counting", url, edits=((r"^    window: 15m", "    window: 1s"),))
    result: dict = {}

    def run() -> None:
        result["run"] = run_deployment(path, RunOptions(max_frames=70, show_progress=False))

    worker = threading.Thread(target=run)
    worker.start()
    db = path.parent / "privacam.db"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not db.exists():
        time.sleep(0.05)
    time.sleep(1.5)  # about 30 frames
    server.stop()  # the camera loses power ...
    time.sleep(2.5)
    server.start()  # ... and comes back; the source reconnects
    worker.join(timeout=60)
    server.stop()
    assert not worker.is_alive()
    run_result = result["run"]
    assert run_result.run.status == "completed"

    with Store.open(str(db), create=False) as store:
        (outage,) = store.read(Outage)
        assert (outage.end - outage.start).total_seconds() >= 2.0
        spans = [(c.start, c.end) for c in store.read(Coverage)]
        assert spans and not any(s < outage.end and e > outage.start for s, e in spans)
        windows = {(c.window_start, c.window_end) for c in store.read(LineCount)}
        assert windows == set(spans)  # no rows, not zero rows, for the outage
        assert any(e <= outage.start for _, e in spans) and any(s >= outage.end for s, _ in spans)
        (record,) = store.read(RunRecord)
        assert SECRET not in record.source and "127.0.0.1" in record.source
        assert all(SECRET not in entry.details for entry in store.audit.entries())
        assert store.audit.verify().ok

    written = b"".join(p.read_bytes() for p in path.parent.rglob("*") if p.is_file())
    assert SECRET.encode() not in written
    console = capsys.readouterr()
    assert SECRET not in console.out + console.err
    assert SECRET not in caplog.text


def test_two_cameras_run_side_by_side_each_with_its_own_windows(
    make_deployment, no_models, tmp_path: Path, capsys
) -> None:
    first = synthetic_video(tmp_path / "a.avi", frames=25)
    second = synthetic_video(tmp_path / "b.avi", frames=15)
    path = make_deployment("counting", first, notice=False)
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: cam1")
    end = text.index("\n\n", start)
    block = text[start:end].replace("id: cam1", "id: cam2").replace(str(first), str(second))
    path.write_text(text[:end] + "\n" + block + text[end:], encoding="utf-8")
    edit(path, r"^    window: 15m", "    window: 1s")
    render_notice(load_spec(path), path.parent / "notice")
    result = run_deployment(path, RunOptions(show_progress=False))
    assert {o.camera_id: (o.ended, o.frames) for o in result.outcomes} == {
        "cam1": ("end", 25),
        "cam2": ("end", 15),
    }
    with Store.open(str(path.parent / "privacam.db"), create=False) as store:
        for camera, seconds in (("cam1", 2.4), ("cam2", 1.4)):  # 10 fps files
            spans = [(c.start, c.end) for c in store.read(Coverage, camera_id=camera)]
            assert (spans[-1][1] - spans[0][0]).total_seconds() == pytest.approx(seconds)
        (record,) = store.read(RunRecord)
        assert "cam1=" in record.source and "cam2=" in record.source

    with pytest.raises(InputError, match="--camera ID"):
        run_deployment(path, RunOptions(source=str(first), show_progress=False))
