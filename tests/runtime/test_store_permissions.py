"""`privacam run` narrows a SQLite store that others can read (the database and its -wal
and -shm files) to 0600, says so and audits it (`store.permissions`)."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.store import Store
from privacam.store.permissions import companions
from tests.runtime.conftest import synthetic_video


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(capsys, path: Path) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(["run", str(path), "--no-progress"])
    return done.value.code, capsys.readouterr().err


def _permission_entries(db: Path) -> list[dict]:
    store = Store.open(str(db), create=False)
    try:
        return [
            json.loads(e.details) for e in store.audit.entries() if e.action == "store.permissions"
        ]
    finally:
        store.close()


def test_run_narrows_a_store_others_can_read_and_its_wal_and_shm_and_audits_it(
    make_deployment, no_models, tmp_path: Path, capsys
) -> None:
    path = make_deployment("counting", synthetic_video(tmp_path / "street.avi"))
    files = companions(path.parent / "privacam.db")
    Store.open(str(files[0])).close()  # made by an earlier command
    reader = sqlite3.connect(files[0])  # an open WAL reader keeps -wal and -shm in place
    try:
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
        assert all(f.exists() for f in files)
        for file, mode in zip(files, (0o644, 0o664, 0o604), strict=True):
            file.chmod(mode)
        code, err = _run(capsys, path)
        assert code == 0, err
        assert [_mode(f) for f in files] == [0o600, 0o600, 0o600]
    finally:
        reader.close()
    assert "0600" in err and "readable by others" in err
    [entry] = _permission_entries(files[0])
    assert entry["mode"] == "0600"
    # SQLite may re-create the -wal on opening, with the database file's mode (0644 here).
    assert set(entry["files"]) == {str(f) for f in files}
    assert entry["files"][str(files[0])] == "0644"
    assert all(int(mode, 8) & 0o077 for mode in entry["files"].values())


def test_run_leaves_a_private_store_alone_and_audits_nothing_about_it(
    make_deployment, no_models, tmp_path: Path, capsys
) -> None:
    path = make_deployment("counting", synthetic_video(tmp_path / "street.avi"))
    code, err = _run(capsys, path)
    assert code == 0, err
    assert "readable by others" not in err
    db = path.parent / "privacam.db"
    assert _mode(db) == 0o600
    assert _permission_entries(db) == []
