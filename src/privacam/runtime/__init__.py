"""The run loop: source → vision → case → store, with progress, signals and retention.

>>> from privacam.runtime import RunOptions, run_deployment
>>> result = run_deployment("privacam.yaml", RunOptions(max_frames=100))  # doctest: +SKIP
>>> result.run.status, result.records_written  # doctest: +SKIP
('completed', 42)

Frames stay in memory: nothing here writes a frame, a crop or a thumbnail; the
case sees only an :class:`~privacam.cases.base.Observation`.

The names below load on first use: the stream loop pulls in every case, the tracker
and SciPy (about a second), which ``privacam anonymize`` and ``privacam models``,
both reaching their own modules of this package, never need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from privacam.runtime.camera_run import CameraOutcome
    from privacam.runtime.preflight import RunRefused
    from privacam.runtime.run import RunOptions, RunResult, run_deployment

_LAZY = {
    "CameraOutcome": "privacam.runtime.camera_run",
    "RunRefused": "privacam.runtime.preflight",
    "RunOptions": "privacam.runtime.run",
    "RunResult": "privacam.runtime.run",
    "run_deployment": "privacam.runtime.run",
}

__all__ = ["CameraOutcome", "RunOptions", "RunRefused", "RunResult", "run_deployment"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
