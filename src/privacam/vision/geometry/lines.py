"""Directed counting lines in image pixels: which side a point is on, and whether a path crosses.

Direction: looking along the segment from ``start`` to ``end`` *as drawn on
the image* (x to the right, y down), **"in" is a crossing from the left side
to the right side, "out" from right to left**. For a horizontal line drawn
left to right, the right side is below it: walking down the image is "in".
Swap ``start`` and ``end`` to swap the directions.

Counting the crossings of tracked people is
:class:`privacam.vision.tracking.LineCounter`'s work: it needs the tracks'
lifecycle, which geometry knows nothing of.

>>> line = CountingLine((0, 100), (200, 100), name="gate")
>>> line.side([[50, 80], [50, 120], [50, 102]]).tolist()  # above, below, inside the band
[-1, 1, 0]
>>> line.path_crosses((50, 80), (60, 120)), line.path_crosses((250, 80), (260, 120))
(True, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from privacam.errors import InputError

#: "in" crosses from the left of the drawn segment to its right, "out" back.
Direction = Literal["in", "out"]


@dataclass(frozen=True)
class CountingLine:
    """A directed segment in image pixels with a hysteresis band ``band_width`` pixels wide."""

    start: tuple[float, float]
    end: tuple[float, float]
    name: str = "line"
    band_width: float = 8.0

    def __post_init__(self) -> None:
        start = tuple(float(v) for v in self.start)
        end = tuple(float(v) for v in self.end)
        if len(start) != 2 or len(end) != 2:
            raise InputError(f"line {self.name!r}: start and end must be (x, y) points")
        if np.hypot(end[0] - start[0], end[1] - start[1]) < 1e-6:
            raise InputError(f"line {self.name!r} has the same start and end; give two points")
        if self.band_width < 0:
            raise InputError(f"line {self.name!r}: band_width must be >= 0 pixels")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    @property
    def _frame(self) -> tuple[np.ndarray, np.ndarray, float]:
        a = np.array(self.start)
        d = np.array(self.end) - a
        return a, d, float(np.hypot(*d))

    def signed_distance(self, points: np.ndarray) -> np.ndarray:
        """``(N,)`` distance in pixels from the line: positive on the right ("in") side."""
        a, d, length = self._frame
        v = np.asarray(points, dtype=np.float64).reshape(-1, 2) - a
        return (d[0] * v[:, 1] - d[1] * v[:, 0]) / length

    def side(self, points: np.ndarray) -> np.ndarray:
        """``(N,)`` +1 right, -1 left, 0 inside the band."""
        sd = self.signed_distance(points)
        half = self.band_width / 2
        return np.where(sd > half, 1, np.where(sd < -half, -1, 0)).astype(np.int8)

    def along(self, points: np.ndarray) -> np.ndarray:
        """``(N,)`` position of the points' projection along the segment: 0 at start, 1 at end."""
        a, d, length = self._frame
        v = np.asarray(points, dtype=np.float64).reshape(-1, 2) - a
        return (v @ d) / length**2

    def path_crosses(self, p: Sequence[float], q: Sequence[float]) -> bool:
        """Whether the straight path ``p`` → ``q`` meets the segment (ends included)."""
        sp, sq = self.signed_distance(np.array([p, q], dtype=np.float64))
        if sp * sq > 0:
            return False
        if sp == sq:  # both on the line: crossing if their spans overlap
            u = self.along(np.array([p, q]))
            return bool(max(u) >= 0 and min(u) <= 1)
        t = sp / (sp - sq)
        point = np.asarray(p, dtype=np.float64) + t * (np.asarray(q) - np.asarray(p))
        return bool(0.0 <= self.along(point)[0] <= 1.0)
