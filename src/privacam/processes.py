"""Ground floor: which process is doing a run, and whether that process still exists.

A run killed with SIGKILL cannot write its own end, so the next privacam to look
decides from the process it recorded: same host, and a process with that pid that
started at that same time. The start time is what tells a live run from an unrelated
process that got the dead one's pid later.

>>> me = ProcessIdentity.current()
>>> me.is_running()
True
>>> ProcessIdentity(pid=me.pid, host=me.host, started_at=me.started_at.replace(year=2000)).is_running()
False
>>> ProcessIdentity(pid=me.pid, host="another-host", started_at=me.started_at).is_running() is None
True
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime

import psutil

#: How far two readings of one process's start time may differ (they are derived from
#: the boot time and clock ticks, and the boot time moves with clock adjustments).
START_TIME_TOLERANCE_S = 1.0


def this_host() -> str:
    return socket.gethostname()


@dataclass(frozen=True)
class ProcessIdentity:
    """A process as it can be found again: pid, host name and start time (UTC)."""

    pid: int
    host: str
    started_at: datetime

    @classmethod
    def current(cls) -> ProcessIdentity:
        started = process_started_at(os.getpid())
        assert started is not None  # this process exists
        return cls(pid=os.getpid(), host=this_host(), started_at=started)

    def is_running(self) -> bool | None:
        """True while the process exists, False once it is gone (or its pid was reused
        by a process that started later); None when it ran on another host, or when its
        start time may not be read (it exists, so it is not taken for gone)."""
        if self.host != this_host():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # it exists, under another user
        try:
            started = process_started_at(self.pid)
        except psutil.AccessDenied:
            return None
        if started is None:
            return False
        return abs((started - self.started_at).total_seconds()) <= START_TIME_TOLERANCE_S


def process_started_at(pid: int) -> datetime | None:
    """When process ``pid`` started, or None when there is none (a zombie counts as gone:
    it was killed and only waits for its parent to collect its exit status).

    Raises ``psutil.AccessDenied`` where the system hides other users' processes."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        return datetime.fromtimestamp(process.create_time(), UTC)
    except psutil.NoSuchProcess:  # ZombieProcess is one too
        return None
