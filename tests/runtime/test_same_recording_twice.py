"""Processing the same recording twice is refused before any work, and `run --replace`
rewrites its span instead of counting it twice (issue 8 item 11)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.policy.loader import load_spec
from privacam.records import Coverage, LineCount, RunRecord
from privacam.store import open_store
from tests.runtime.conftest import synthetic_video

pytestmark = [pytest.mark.assets]

START = "2026-04-01T09:00:00+09:00"


def _run(capsys, path: Path, *args: str, start: str | None = START) -> tuple[int, str]:
    timing = ["--start-time", start] if start is not None else []
    with pytest.raises(SystemExit) as done:
        main(["run", str(path), *timing, "--no-progress", *args])
    captured = capsys.readouterr()
    return done.value.code, captured.err + captured.out


def _stored(path: Path) -> tuple[int, int, int, list[str]]:
    with open_store(load_spec(path), create=False) as store:
        actions = [e.action for e in store.audit.entries()]
        return store.count(RunRecord), store.count(LineCount), store.count(Coverage), actions


def test_the_same_recording_twice_is_refused_and_replace_rewrites_it(
    make_deployment, tmp_path, models_dir, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    path = make_deployment("counting", synthetic_video(tmp_path / "street.avi"))
    assert _run(capsys, path)[0] == 0
    runs, counts, spans, actions = _stored(path)
    assert runs == 1 and counts > 0 and spans == 1

    code, err = _run(capsys, path)
    errors = [line for line in err.splitlines() if line.startswith("privacam: error:")]
    assert code == 2 and len(errors) == 1
    assert "camera cam1" in errors[0] and "--replace" in errors[0]
    assert _stored(path) == (runs, counts, spans, actions)  # refused before any work

    assert _run(capsys, path, "--replace")[0] == 0
    runs_after, counts_after, spans_after, actions_after = _stored(path)
    assert (runs_after, counts_after, spans_after) == (2, counts, 1)  # rewritten, not doubled
    assert actions_after.count("records.replace") == 1


def test_the_same_recording_twice_without_start_time_is_refused_not_counted_twice(
    make_deployment, tmp_path, models_dir, monkeypatch, capsys
) -> None:
    """Without --start-time a file is placed at the time it is run: the second run of the
    same file is recognised by its digest and placed where the first run placed it."""
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    video = synthetic_video(tmp_path / "street.avi")
    path = make_deployment("counting", video)
    assert _run(capsys, path, start=None)[0] == 0
    runs, counts, spans, actions = _stored(path)
    assert runs == 1 and counts > 0 and spans == 1

    code, err = _run(capsys, path, start=None)
    assert code == 2 and "--replace" in err and "processed by run" in err
    assert _stored(path) == (runs, counts, spans, actions)  # refused before any work

    assert _run(capsys, path, "--replace", start=None)[0] == 0
    runs_after, counts_after, spans_after, _ = _stored(path)
    assert (runs_after, counts_after, spans_after) == (2, counts, 1)  # rewritten, not doubled


def test_a_different_recording_under_the_same_name_is_not_taken_for_the_first(
    make_deployment, tmp_path, models_dir, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    video = tmp_path / "street.avi"
    path = make_deployment("counting", synthetic_video(video))
    assert _run(capsys, path, start=None)[0] == 0
    synthetic_video(video, frames=15)  # a new recording, same name, made an hour later
    later = video.stat().st_mtime + 3600
    os.utime(video, (later, later))
    code, err = _run(capsys, path, start=None)
    assert "processed by run" not in err, err
    assert code == 0, err
    assert _stored(path)[0] == 2


def test_a_recording_without_start_time_is_placed_when_its_file_was_recorded(
    make_deployment, tmp_path, models_dir, monkeypatch, capsys
) -> None:
    from datetime import UTC, datetime

    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    video = synthetic_video(tmp_path / "street.avi", frames=20)  # 2 s at 10 fps
    written = datetime(2026, 3, 1, 9, 0, 2, tzinfo=UTC).timestamp()
    os.utime(video, (written, written))
    path = make_deployment("counting", video)
    code, out = _run(capsys, path, start=None)
    assert code == 0 and "--start-time" in out
    with open_store(load_spec(path), create=False) as store:
        (span,) = store.read(Coverage)
        (run,) = store.read(RunRecord)
    assert span.start == datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)
    assert run.recording_start == span.start
