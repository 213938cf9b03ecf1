"""Frame-rate sampling: keep frames on a fixed time grid, decided before decoding.

Sources ask :meth:`FrameRateSampler.keep` with each frame's timestamp *before*
they decode or convert it, so dropped frames cost as little as possible. Kept
frames keep their original index and timestamp.

>>> sampler = FrameRateSampler(5.0)
>>> [i for i in range(15) if sampler.keep(i / 25)]
[0, 5, 10]
"""

from __future__ import annotations

import math

# Container timestamps are rounded to milliseconds, and index / fps is a float:
# a frame up to this early (seconds) still counts as on time for its slot.
_TOLERANCE_S = 1e-3


class FrameRateSampler:
    """Keep at most ``target_fps`` frames per second of source time; ``None`` keeps all.

    Slots are ``t0 + k / target_fps`` from the first frame's timestamp, so the
    kept rate does not drift; after a gap (a stalled stream), the grid realigns
    to the next slot instead of bursting to catch up.
    """

    def __init__(self, target_fps: float | None) -> None:
        if target_fps is not None and not (math.isfinite(target_fps) and target_fps > 0):
            raise ValueError(f"target_fps must be a positive number, got {target_fps!r}")
        self.target_fps = target_fps
        self._period = None if target_fps is None else 1.0 / target_fps
        self._t0: float | None = None
        self._due = -math.inf

    def keep(self, timestamp: float) -> bool:
        """Whether the frame at ``timestamp`` (seconds) is kept; call once per frame, in order."""
        if self._period is None:
            return True
        if self._t0 is None:
            self._t0 = timestamp
        if timestamp < self._due - _TOLERANCE_S:
            return False
        slot = math.floor((timestamp - self._t0 + _TOLERANCE_S) / self._period) + 1
        self._due = self._t0 + slot * self._period
        return True
