"""The run loop: source → vision → case → store, with progress, signals and retention.

>>> from privacam.runtime import RunOptions, run_deployment
>>> result = run_deployment("privacam.yaml", RunOptions(max_frames=100))  # doctest: +SKIP
>>> result.run.status, result.records_written  # doctest: +SKIP
('completed', 42)

Frames stay in memory: nothing here writes a frame, a crop or a thumbnail; the
case sees only an :class:`~privacam.cases.base.Observation`.
"""

from privacam.runtime.camera_run import CameraOutcome
from privacam.runtime.preflight import RunRefused
from privacam.runtime.run import RunOptions, RunResult, run_deployment

__all__ = ["CameraOutcome", "RunOptions", "RunRefused", "RunResult", "run_deployment"]
