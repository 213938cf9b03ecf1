"""A new SQLite store, and the -wal and -shm files SQLite keeps beside it, are 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from privacam.store import Store
from privacam.store.permissions import companions, tighten


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_its_wal_and_shm_are_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    old = os.umask(0o022)  # the common default, which would make a database 0644
    try:
        store = Store.open(str(tmp_path / "privacam.db"))
        try:
            with store.engine.connect():  # a connection is open: -wal and -shm exist
                files = companions(tmp_path / "privacam.db")
                assert all(f.exists() for f in files)
                assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
        finally:
            store.close()
    finally:
        os.umask(old)


def test_tightening_narrows_each_store_file_others_can_read_and_says_what_it_changed(
    tmp_path: Path,
) -> None:
    db, wal, shm = companions(tmp_path / "privacam.db")
    for path, mode in ((db, 0o644), (wal, 0o640), (shm, 0o600)):
        path.write_bytes(b"")
        path.chmod(mode)
    changed = tighten(db)
    assert [(c.path.name, c.old_mode) for c in changed] == [
        ("privacam.db", 0o644),
        ("privacam.db-wal", 0o640),
    ]
    assert (_mode(db), _mode(wal), _mode(shm)) == (0o600, 0o600, 0o600)
    assert tighten(db) == []
