"""Polygon zones: which anchors (feet, by default) are inside, vectorised.

Membership uses an even-odd ray cast over all points and edges at once;
points on the boundary (within ``edge_tolerance`` pixels) count as inside,
like ``cv2.pointPolygonTest(...) >= 0``.

>>> import numpy as np
>>> zone = PolygonZone([(0, 0), (10, 0), (10, 10), (0, 10)], name="door")
>>> zone.contains(np.array([[5, 5], [15, 5], [10, 3]])).tolist()
[True, False, True]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from privacam.errors import InputError
from privacam.vision.types import Anchor, Detections


def points_in_polygon(
    points: np.ndarray, polygon: np.ndarray, edge_tolerance: float = 1e-6
) -> np.ndarray:
    """``(N,)`` bool: each of ``points`` ``(N, 2)`` inside or on ``polygon`` ``(K, 2)``."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    poly = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
    if len(pts) == 0:
        return np.zeros(0, dtype=bool)
    a = poly[None, :, :]  # (1, K, 2) edge starts
    b = np.roll(poly, -1, axis=0)[None, :, :]  # edge ends
    px, py = pts[:, None, 0], pts[:, None, 1]
    # Even-odd rule: count edges that straddle the horizontal through p to its right.
    straddles = (a[..., 1] > py) != (b[..., 1] > py)
    dy = np.where(straddles, b[..., 1] - a[..., 1], 1.0)
    x_cross = a[..., 0] + (py - a[..., 1]) * (b[..., 0] - a[..., 0]) / dy
    inside = np.count_nonzero(straddles & (px < x_cross), axis=1) % 2 == 1
    # Boundary: distance from p to each edge segment.
    ab = b - a
    length2 = np.maximum(np.sum(ab**2, axis=2), 1e-12)
    t = np.clip(((px - a[..., 0]) * ab[..., 0] + (py - a[..., 1]) * ab[..., 1]) / length2, 0, 1)
    dist = np.hypot(px - (a[..., 0] + t * ab[..., 0]), py - (a[..., 1] + t * ab[..., 1]))
    return inside | (dist.min(axis=1) <= edge_tolerance)


def _polygon_area(poly: np.ndarray) -> float:
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


class PolygonZone:
    """A named polygon in image pixels; ``trigger`` tells which detections stand in it."""

    def __init__(
        self,
        polygon: Sequence[Sequence[float]] | np.ndarray,
        name: str = "zone",
        anchor: Anchor = "bottom_center",
        edge_tolerance: float = 0.5,
    ) -> None:
        poly = np.asarray(polygon, dtype=np.float64)
        if poly.ndim != 2 or poly.shape[1] != 2 or len(poly) < 3:
            raise InputError(
                f"zone {name!r} needs at least 3 (x, y) points, got {poly.shape}; "
                "list the polygon's corners in order"
            )
        if _polygon_area(poly) <= 1e-9:
            raise InputError(f"zone {name!r} has zero area; its points must not all be on a line")
        self.polygon = poly
        self.name = name
        self.anchor: Anchor = anchor
        self.edge_tolerance = float(edge_tolerance)
        lo, hi = poly.min(axis=0), poly.max(axis=0)
        self._bounds = (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))

    def __repr__(self) -> str:
        return f"PolygonZone({self.polygon.tolist()!r}, name={self.name!r})"

    def contains(self, points: np.ndarray) -> np.ndarray:
        """``(N,)`` bool for ``(N, 2)`` points; a bounding-box test first skips far points."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        x1, y1, x2, y2 = self._bounds
        tol = self.edge_tolerance
        near = (
            (pts[:, 0] >= x1 - tol)
            & (pts[:, 0] <= x2 + tol)
            & (pts[:, 1] >= y1 - tol)
            & (pts[:, 1] <= y2 + tol)
        )
        out = np.zeros(len(pts), dtype=bool)
        if near.any():
            out[near] = points_in_polygon(pts[near], self.polygon, tol)
        return out

    def trigger(self, detections: Detections) -> np.ndarray:
        """``(N,)`` bool: which detections have their anchor in the zone."""
        return self.contains(detections.anchors(self.anchor))

    def count(self, detections: Detections) -> dict[int, int]:
        """Detections in the zone per class id."""
        inside = detections.class_ids[self.trigger(detections)]
        classes, counts = np.unique(inside, return_counts=True)
        return {int(c): int(n) for c, n in zip(classes, counts, strict=True)}
