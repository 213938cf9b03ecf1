"""Case ③ from the deployment file: `privacam run` opens the vault and runs the analyser."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.policy.loader import load_spec
from privacam.records import RepeatVisit, RepeatVisitWindow
from privacam.runtime import RunOptions, run_deployment
from privacam.runtime.run import prepare_cameras
from privacam.store import open_store
from tests.runtime.conftest import synthetic_video


@pytest.fixture(autouse=True)
def _vault_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRIVACAM_VAULT_KEY", raising=False)
    monkeypatch.setenv("PRIVACAM_VAULT_KEY_FILE", str(tmp_path / "vault.key"))


def test_privacam_run_runs_the_repeat_case_through_the_vault(
    make_deployment, no_models, tmp_path: Path
) -> None:
    video = synthetic_video(tmp_path / "shop.avi", frames=20)
    path = make_deployment("repeat", video, edits=((r"^    window: 1h", "    window: 1s"),))
    result = run_deployment(path, RunOptions(show_progress=False))
    assert result.run.status == "completed" and result.run.case == "repeat"
    with open_store(load_spec(path), create=False) as store:
        windows = store.read(RepeatVisitWindow)
        assert windows and {w.store_id for w in windows} == {"ikebukuro"}
        assert sum(w.visits for w in windows) == 0  # the fake detector saw nobody
        assert store.count(RepeatVisit) == 0


def test_without_the_vault_the_repeat_analyser_cannot_be_built(
    make_deployment, no_models, tmp_path: Path
) -> None:
    video = synthetic_video(tmp_path / "shop.avi", frames=5)
    loaded = load_spec(make_deployment("repeat", video))
    with pytest.raises(InputError, match="needs the encrypted vault"):
        prepare_cameras(loaded, RunOptions(show_progress=False), tmp_path / "out")
