"""Processing the same recording twice is refused before any work, and `run --replace`
rewrites its span instead of counting it twice (issue 8 item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacam.cli import main
from privacam.policy.loader import load_spec
from privacam.records import Coverage, LineCount, RunRecord
from privacam.store import open_store
from tests.runtime.conftest import synthetic_video

pytestmark = [pytest.mark.assets]

START = "2026-04-01T09:00:00+09:00"


def _run(capsys, path: Path, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(["run", str(path), "--start-time", START, "--no-progress", *args])
    return done.value.code, capsys.readouterr().err


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
