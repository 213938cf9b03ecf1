"""A SQLite store's files are readable by their owner only (0600): the database and the
``-wal`` and ``-shm`` files SQLite keeps beside it, which hold recent pages of it.

A new store file is created 0600, whatever the umask; SQLite then gives its ``-wal``
and ``-shm`` companions the database file's own mode. A store made elsewhere (copied,
restored, or created by an older privacam under a permissive umask) is tightened by
``privacam run``, which audits what it changed (``store.permissions``).

>>> companions(Path("/srv/site/privacam.db"))
[PosixPath('/srv/site/privacam.db'), PosixPath('/srv/site/privacam.db-wal'), PosixPath('/srv/site/privacam.db-shm')]
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

#: Read and write for the owner, nothing for the group or anyone else.
PRIVATE_MODE = 0o600
#: Permission bits that let someone other than the owner read or change a file.
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def companions(path: Path) -> list[Path]:
    """The database file and the WAL and shared-memory files SQLite keeps beside it."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (SQLite takes an empty file
    as a new database). Opening with the mode, not chmod after, leaves no moment in which
    the file is readable by others."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))


@dataclass(frozen=True)
class Tightened:
    """A store file whose mode was narrowed to 0600."""

    path: Path
    old_mode: int

    def describe(self) -> str:
        return f"{self.path.name} {self.old_mode:04o}→{PRIVATE_MODE:04o}"


def tighten(path: Path) -> list[Tightened]:
    """Narrow the database file and its companions to 0600 where the group or others had
    any access; returns what changed (nothing for files that are absent or already private)."""
    changed = []
    for file in companions(path):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & _OTHERS:
            file.chmod(PRIVATE_MODE)
            changed.append(Tightened(file, mode))
    return changed
