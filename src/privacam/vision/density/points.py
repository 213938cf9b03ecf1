"""Density map → one point per person, for icons and for the moving/still tracker.

A density map says how many people are in a region, not where each one is.
Greedy peak picking turns it into points: take the cell of highest density,
emit the density-weighted centroid of its 3x3 neighbourhood, subtract one
person's worth of density there (a unit-mass Gaussian, the kernel the training
maps were made of), and repeat until ``round(sum)`` points are out. The count
of points is therefore the model's count; nothing is emitted where the map is
(near) zero, so an empty scene gives no points.

>>> import numpy as np
>>> density = np.zeros((20, 30), dtype=np.float32)
>>> density[5, 7] = density[14, 22] = 1.0
>>> density_points(density).round(1).tolist()
[[7.0, 5.0], [22.0, 14.0]]
"""

from __future__ import annotations

import numpy as np


def unit_gaussian(sigma: float) -> np.ndarray:
    """A ``(2r+1, 2r+1)`` Gaussian (r = ceil(3 sigma)) whose cells sum to 1.

    >>> round(float(unit_gaussian(1.0).sum()), 6), unit_gaussian(1.0).shape
    (1.0, (7, 7))
    """
    radius = max(1, int(np.ceil(3 * sigma)))
    axis = np.arange(-radius, radius + 1, dtype=np.float64)
    kernel_1d = np.exp(-(axis**2) / (2 * sigma**2))
    kernel = np.outer(kernel_1d, kernel_1d)
    return (kernel / kernel.sum()).astype(np.float32)


def density_points(
    density: np.ndarray, *, sigma: float = 1.0, count: int | None = None
) -> np.ndarray:
    """``(N, 2)`` float (x, y) person points in map cells, N = ``round(density.sum())``.

    ``count`` overrides N (for a region whose share of the count is known);
    fewer points come out if the map runs out of positive density first.
    """
    residual = np.clip(np.asarray(density, dtype=np.float32), 0, None).copy()
    if residual.ndim != 2:
        raise ValueError(f"a density map is 2-D, got shape {residual.shape}")
    wanted = round(float(residual.sum(dtype=np.float64))) if count is None else int(count)
    if wanted <= 0 or residual.size == 0:
        return np.zeros((0, 2), dtype=np.float64)
    kernel = unit_gaussian(sigma)
    radius = kernel.shape[0] // 2
    height, width = residual.shape
    # Padding by the kernel radius lets every subtraction be one slice, edges included.
    padded = np.zeros((height + 2 * radius, width + 2 * radius), dtype=np.float32)
    padded[radius : radius + height, radius : radius + width] = residual
    inner = padded[radius : radius + height, radius : radius + width]  # a view
    points = np.empty((wanted, 2), dtype=np.float64)
    offsets = np.arange(-1, 2, dtype=np.float64)
    found = 0
    for _ in range(wanted):
        flat = int(np.argmax(inner))
        y, x = divmod(flat, width)
        if inner[y, x] <= 0:
            break
        py, px = y + radius, x + radius
        window = padded[py - 1 : py + 2, px - 1 : px + 2].astype(np.float64)
        mass = window.sum()
        points[found] = (
            x + float(window.sum(axis=0) @ offsets) / mass,
            y + float(window.sum(axis=1) @ offsets) / mass,
        )
        found += 1
        patch = padded[py - radius : py + radius + 1, px - radius : px + radius + 1]
        np.subtract(patch, kernel, out=patch)
        np.clip(patch, 0, None, out=patch)
    return points[:found]
