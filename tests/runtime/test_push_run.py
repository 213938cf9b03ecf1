"""A real `privacam run --push` on TUD-Campus into a real central server on 127.0.0.1
(`privacam serve`, with a node token from `privacam tokens create`): what the edge
committed, the centre holds, and the run says nothing is left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.policy.loader import load_spec
from privacam.records import Coverage, LineCount, RunRecord
from privacam.store import Store, open_store
from tests.helpers.cli import run_main
from tests.server.central_app import CentralServer, free_port

pytestmark = [pytest.mark.assets, pytest.mark.slow]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    return run_main(list(argv), capsys)


def test_run_push_sends_every_committed_window_to_the_central_server(
    make_deployment, media_dir: Path, models_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    tud = media_dir / "TUD-Campus" / "img1"
    if not tud.is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    monkeypatch.setenv("PRIVACAM_PUSH_TOKEN", "test-node")
    path = make_deployment(
        "counting", tud, fps=25, edits=((r"^    window: 15m", "    window: 1s"),)
    )
    central_url = f"sqlite:///{tmp_path / 'central.db'}"
    central = CentralServer(path, central_url, free_port())
    central.start()
    try:
        with pytest.raises(SystemExit) as done:
            main(["run", str(path), "--no-progress", "--max-frames", "50", "--push", central.url])
    finally:
        central.kill()
    err = capsys.readouterr().err
    assert done.value.code == 0, err
    assert "nothing left to push" in err
    with open_store(load_spec(path), create=False) as edge, Store.open(central_url) as centre:
        for kind in (Coverage, LineCount):
            assert centre.read(kind) == edge.read(kind)
        assert edge.count(Coverage) >= 2
        assert centre.count(RunRecord) == 0  # the edge's runs stay on the edge


def test_a_run_whose_centre_is_down_reports_its_backlog_and_push_send_drains_it(
    make_deployment, media_dir: Path, models_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    tud = media_dir / "TUD-Campus" / "img1"
    if not tud.is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    monkeypatch.setenv("PRIVACAM_PUSH_TOKEN", "test-node")
    path = make_deployment(
        "counting", tud, fps=25, edits=((r"^    window: 15m", "    window: 1s"),)
    )
    central_url = f"sqlite:///{tmp_path / 'central.db'}"
    central = CentralServer(path, central_url, free_port())  # not started: the centre is down
    argv = ["run", str(path), "--no-progress", "--max-frames", "30", "--push", central.url]
    with pytest.raises(SystemExit) as done:
        main([*argv, "--push-wait", "0.5"])
    err = capsys.readouterr().err
    assert done.value.code == 0, err  # the run itself is fine: its windows wait in the outbox
    left = re.search(r"(\d+) record\(s\) left to push", err)
    assert left is not None and int(left.group(1)) >= 2, err
    with pytest.raises(SystemExit) as status:
        main(["push", "status", str(path)])
    assert status.value.code == 1 and f"pending   {left.group(1)}" in capsys.readouterr().out
    central.start()
    try:
        with pytest.raises(SystemExit) as sent:
            main(["push", "send", str(path), "--push", central.url, "--wait", "20"])
    finally:
        central.kill()
    assert sent.value.code == 0, capsys.readouterr().out
    with open_store(load_spec(path), create=False) as edge, Store.open(central_url) as centre:
        assert centre.read(Coverage) == edge.read(Coverage)
