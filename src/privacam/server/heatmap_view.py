"""Case ②'s stored heatmap grids, summed over a date range and drawn on the floor plan.

Each :class:`~privacam.records.HeatmapWindow` counts, per cell, the distinct visits that
passed it in one window. Summing windows gives "visits per cell" over the range, where a
visit present in two windows (or seen by two cameras) counts in each. The sum is
k-suppressed with the published rule (:func:`privacam.store.suppression.publish`):
the dashboard is not for privacy officers only (analysts see it too), and a cell that
one or two visits crossed over a narrow range is close to a person's path, which an
analyst must not see. Suppressed cells are drawn grey, apart from empty ones: "a few,
hidden" must not read as "nobody".

The drawing is the plan's own pixels with coloured cells blended over them; outside
the cells every pixel is the plan's (a test compares them). When the stored grid does
not fit the plan (no plan, or a plan changed since), it is drawn on a blank canvas.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

import cv2
import numpy as np
from PIL import Image

from privacam.policy.floor_grid import grid_shape, heatmap_cell
from privacam.records import HeatmapWindow
from privacam.server.floor_plan_view import FloorPlan
from privacam.store.suppression import publish

#: The colour scale (viridis: ordered in lightness, readable in grey and by most colour-blind
#: readers), as 256 RGB rows; the page's legend is drawn from the same rows.
SCALE = cv2.applyColorMap(np.arange(256, dtype=np.uint8).reshape(-1, 1), cv2.COLORMAP_VIRIDIS)[
    :, 0, ::-1
].copy()
SUPPRESSED_RGB = np.array([150, 150, 150], dtype=np.float64)
BLANK_RGB = (245, 245, 245)
#: How much of a cell's colour covers the plan beneath it.
OPACITY = 0.65
#: The longest side of the drawing, in pixels: a larger plan is scaled down.
MAX_SIDE = 1600
#: A cell's side on a blank canvas, at most.
BLANK_CELL_PX = 24


@dataclass(frozen=True)
class HeatmapSum:
    """Summed and suppressed cells: ``counts`` has 0 where ``suppressed`` is set."""

    counts: np.ndarray  # (rows, cols) int
    suppressed: np.ndarray  # (rows, cols) bool
    windows: int
    cameras: tuple[str, ...]
    start: datetime | None
    end: datetime | None

    @property
    def peak(self) -> int:
        return int(self.counts.max()) if self.counts.size else 0

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.counts.shape[0]), int(self.counts.shape[1])


class MixedGrids(ValueError):
    """The windows' grids differ in shape (cameras without a shared plan): pick one camera."""


def sum_heatmaps(windows: list[HeatmapWindow], k: int) -> HeatmapSum | None:
    """The windows' cells added up, then k-suppressed; None when there are no windows."""
    if not windows:
        return None
    shapes = {(w.rows, w.cols) for w in windows}
    if len(shapes) > 1:
        raise MixedGrids(f"grids of {len(shapes)} shapes: {sorted(shapes)}")
    total = np.sum([np.asarray(w.counts, dtype=np.int64) for w in windows], axis=0)
    summed = HeatmapWindow(
        window_start=min(w.window_start for w in windows),
        window_end=max(w.window_end for w in windows),
        camera_id=",".join(sorted({w.camera_id for w in windows})),
        rows=total.shape[0],
        cols=total.shape[1],
        counts=total,
    )
    (row,) = publish([summed], k)
    suppressed = np.array([[c is None for c in r] for r in row["counts"]], dtype=bool)
    counts = np.where(suppressed, 0, total)
    return HeatmapSum(
        counts,
        suppressed,
        len(windows),
        tuple(sorted({w.camera_id for w in windows})),
        summed.window_start,
        summed.window_end,
    )


@dataclass(frozen=True)
class Canvas:
    """What the cells are drawn on: the plan (scaled) or a blank canvas, and the cell size."""

    base: np.ndarray  # (height, width, 3) RGB
    cell_px: float
    on_plan: bool
    #: Drawing pixels per plan pixel (1.0 on a blank canvas, where there is no plan).
    scale: float


#: The blank canvas's grid when there is neither a plan nor a stored grid.
EMPTY_SHAPE = (15, 20)


def canvas_for(plan: FloorPlan | None, shape: tuple[int, int] | None) -> Canvas:
    """The plan when the grid was counted on it (same rows and columns; ``shape`` None:
    nothing to draw yet), else a blank canvas of ``shape``."""
    if plan is not None:
        cell = heatmap_cell(plan.bounds, plan.metres_per_unit)
        if shape is None or grid_shape(plan.bounds, cell) == shape:
            width, height = plan.size
            scale = min(1.0, MAX_SIDE / max(width, height))
            base = plan.pixels
            if scale < 1.0:
                size = (max(1, round(width * scale)), max(1, round(height * scale)))
                base = np.asarray(Image.fromarray(base).resize(size, Image.Resampling.BOX))
            return Canvas(base.copy(), cell * scale, True, scale)
    rows, cols = shape or EMPTY_SHAPE
    cell_px = float(max(2, min(BLANK_CELL_PX, MAX_SIDE // max(rows, cols))))
    base = np.empty((round(rows * cell_px), round(cols * cell_px), 3), dtype=np.uint8)
    base[:] = BLANK_RGB
    return Canvas(base, cell_px, False, 1.0)


def draw_heatmap(canvas: Canvas, heat: HeatmapSum | None) -> np.ndarray:
    """The canvas with each counted cell blended in its scale colour, suppressed ones grey.

    Built only from the plan and drawn squares, never from a camera frame.
    """
    image = canvas.base.copy()
    if heat is None:
        return image
    peak = max(heat.peak, 1)
    height, width = image.shape[:2]
    for r, c in zip(*np.nonzero((heat.counts > 0) | heat.suppressed), strict=True):
        y0, y1 = round(r * canvas.cell_px), min(height, round((r + 1) * canvas.cell_px))
        x0, x1 = round(c * canvas.cell_px), min(width, round((c + 1) * canvas.cell_px))
        if heat.suppressed[r, c]:
            colour = SUPPRESSED_RGB
        else:
            colour = SCALE[round(heat.counts[r, c] / peak * 255)].astype(np.float64)
        patch = image[y0:y1, x0:x1].astype(np.float64)
        image[y0:y1, x0:x1] = np.round(OPACITY * colour + (1 - OPACITY) * patch).astype(np.uint8)
    return image


def encode_png(image: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(image).save(out, format="PNG")
    return out.getvalue()


def scale_stops(count: int = 6) -> list[tuple[float, str]]:
    """``(offset 0..1, "#rrggbb")`` stops of the colour scale, for the legend's gradient."""
    stops = []
    for i in range(count):
        offset = i / (count - 1)
        r, g, b = (int(v) for v in SCALE[round(offset * 255)])
        stops.append((offset, f"#{r:02x}{g:02x}{b:02x}"))
    return stops
