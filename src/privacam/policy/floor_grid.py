"""The heatmap grid over a floor plan: one geometry for the flow case (②) that counts the
cells and for the dashboard that draws them, so that a stored grid lands on the plan where
it was counted.

The grid starts at the floor bounds' top-left corner; its cells are square, 1 m a side
when the plan's scale is known (``site.floor_plan_size_m``), else 1/32 of the plan's
width, and never more than 200 to a side (a finer grid says nothing more and costs
memory). The last row and column may reach past the plan's edge.

>>> plan = (0.0, 0.0, 800.0, 600.0)               # the sample plan: 800 x 600 px, 40 m x 30 m
>>> mpu = metres_per_unit((800, 600), (40.0, 30.0))
>>> mpu, heatmap_cell(plan, mpu), grid_shape(plan, heatmap_cell(plan, mpu))
(0.05, 20.0, (30, 40))
>>> heatmap_cell(plan, None)                       # scale unknown: 32 cells across
25.0
"""

from __future__ import annotations

import math

Bounds = tuple[float, float, float, float]

#: At most this many cells to a side.
MAX_CELLS_PER_SIDE = 200
#: Cells across the plan when its scale is unknown.
CELLS_ACROSS_WITHOUT_SCALE = 32


def metres_per_unit(plan_px: tuple[int, int], plan_size_m: tuple[float, float]) -> float:
    """Metres per plan pixel: the mean of the two axes' scales (width, height)."""
    return (plan_size_m[0] / plan_px[0] + plan_size_m[1] / plan_px[1]) / 2


def heatmap_cell(bounds: Bounds, metres_per_unit: float | None, cell: float | None = None) -> float:
    """A cell's side in floor units: ``cell`` if given, else 1 m, else 1/32 of the width."""
    x0, y0, x1, y1 = bounds
    if cell is None:
        cell = 1.0 / metres_per_unit if metres_per_unit else (x1 - x0) / CELLS_ACROSS_WITHOUT_SCALE
    return max(float(cell), (x1 - x0) / MAX_CELLS_PER_SIDE, (y1 - y0) / MAX_CELLS_PER_SIDE)


def grid_shape(bounds: Bounds, cell: float) -> tuple[int, int]:
    """(rows, cols) of the grid of ``cell``-sided squares covering ``bounds``."""
    x0, y0, x1, y1 = bounds
    return max(1, math.ceil((y1 - y0) / cell)), max(1, math.ceil((x1 - x0) / cell))
