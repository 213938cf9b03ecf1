"""What a run shows on the console: a progress bar with fps for files, a status line for streams.

Both go to stderr, so stdout stays free for the summary a script may parse.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


@dataclass
class CameraStatus:
    """Counters the run loop updates and the display reads."""

    camera_id: str
    total: int | None
    frames: int = 0
    records: int = 0
    last_window: datetime | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def fps(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.frames / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        window = self.last_window.isoformat(timespec="seconds") if self.last_window else "none yet"
        return (
            f"{self.camera_id}: {self.frames} frames, {self.fps:.1f} fps, "
            f"{self.records} records written, last window ended {window}"
        )


class RunDisplay:
    """One progress row per camera; a bar when the frame count is known, else a status line."""

    def __init__(self, console: Console | None = None, *, enabled: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[fps]:.1f} fps"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[note]}"),
            console=self.console,
            disable=not enabled,
            refresh_per_second=4,
        )
        self._tasks: dict[str, TaskID] = {}
        self._statuses: dict[str, CameraStatus] = {}
        self._last_refresh = 0.0

    def __enter__(self) -> RunDisplay:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.refresh(force=True)
        self._progress.stop()

    def add(self, status: CameraStatus) -> None:
        self._statuses[status.camera_id] = status
        self._tasks[status.camera_id] = self._progress.add_task(
            status.camera_id, total=status.total, fps=0.0, note=""
        )

    def refresh(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_refresh < 0.25:
            return
        self._last_refresh = now
        for camera_id, status in self._statuses.items():
            note = "" if status.total is not None else status.line()
            self._progress.update(
                self._tasks[camera_id], completed=status.frames, fps=status.fps, note=note
            )

    def say(self, message: str) -> None:
        """A line above the progress rows (and on the console once the display stops)."""
        self._progress.console.print(message, highlight=False)
