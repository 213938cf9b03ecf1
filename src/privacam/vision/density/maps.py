"""A crowd density map and its place in the frame: what density models return.

Each cell of ``values`` holds the expected number of people whose head lies in
it; the sum is the count. A cell covers ``cell_wh`` source pixels, so a point
in map cells maps back to the frame with :meth:`DensityMap.to_image`.

>>> import numpy as np
>>> d = DensityMap(np.full((3, 4), 0.5, dtype=np.float32), cell_wh=(8.0, 8.0))
>>> d.count, d.to_image(np.array([[0.0, 0.0]])).tolist()
(6.0, [[4.0, 4.0]])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class DensityMap:
    """``values`` (h, w) float32 people per cell; ``cell_wh`` source pixels per cell (x, y)."""

    values: np.ndarray
    cell_wh: tuple[float, float]

    @property
    def count(self) -> float:
        return float(self.values.sum(dtype=np.float64))

    def to_image(self, cells: np.ndarray) -> np.ndarray:
        """``(N, 2)`` (x, y) map cells (cell centres at integers) → source pixels."""
        scale = np.asarray(self.cell_wh, dtype=np.float64)
        return (np.asarray(cells, dtype=np.float64).reshape(-1, 2) + 0.5) * scale

    def to_cells(self, pixels: np.ndarray) -> np.ndarray:
        """``(N, 2)`` source pixels (x, y) → map cells (the inverse of :meth:`to_image`)."""
        scale = np.asarray(self.cell_wh, dtype=np.float64)
        return np.asarray(pixels, dtype=np.float64).reshape(-1, 2) / scale - 0.5
