"""Image → floor homography from point pairs, with degenerate sets rejected.

A deployment file gives at least four image points (pixels) and where they
lie on the floor plan (metres or plan pixels). Sets that cannot define a
plane-to-plane mapping are refused with an :class:`InputError` that says
which points to fix: fewer than four pairs, duplicate points, three of four
points on one line (or all on one line), or a fit whose reprojection error is
large (the pairs do not agree with any homography, e.g. a point mistyped).

>>> h = FloorHomography.from_points(
...     [(0, 0), (100, 0), (100, 100), (0, 100)],  # image pixels
...     [(0, 0), (5, 0), (5, 5), (0, 5)],  # floor metres
... )
>>> h.image_to_floor([[50, 50], [100, 100]]).round(3).tolist()
[[2.5, 2.5], [5.0, 5.0]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import cv2
import numpy as np

from privacam.errors import InputError

PointsLike = Sequence[Sequence[float]] | np.ndarray


def _as_points(points: PointsLike, what: str) -> np.ndarray:
    arr = np.asarray(points, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 2 or not np.isfinite(arr).all():
        raise InputError(f"{what} must be a list of finite (x, y) pairs, got shape {arr.shape}")
    return arr


def _check_spread(points: np.ndarray, what: str, collinear_tolerance: float) -> None:
    """Refuse duplicates and collinear subsets; tolerances are relative to the set's size."""
    scale = float(np.ptp(points, axis=0).max()) or 1.0
    for i, j in combinations(range(len(points)), 2):
        if np.hypot(*(points[i] - points[j])) <= 1e-6 * scale:
            raise InputError(
                f"{what} {i + 1} and {j + 1} are the same point {points[i].tolist()}; "
                "give four or more distinct points"
            )
    centred = (points - points.mean(axis=0)) / scale
    if np.linalg.svd(centred, compute_uv=False)[-1] <= collinear_tolerance:
        raise InputError(
            f"all {what} lie on one line; pick points that span an area (e.g. floor corners)"
        )
    if len(points) == 4:
        for triple in combinations(range(4), 3):
            a, b, c = points[list(triple)]
            area = abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / 2
            if area <= collinear_tolerance * scale**2:
                names = ", ".join(str(k + 1) for k in triple)
                raise InputError(
                    f"{what} {names} lie on one line, so four points do not fix a homography; "
                    "move one of them off that line or add more points"
                )


@dataclass(frozen=True)
class FloorHomography:
    """A 3x3 matrix mapping image pixels to floor coordinates, and back."""

    matrix: np.ndarray
    reprojection_error: float = 0.0  # RMS, in floor units, over the fitting pairs

    @classmethod
    def from_points(
        cls,
        image_points: PointsLike,
        floor_points: PointsLike,
        *,
        max_error: float = 0.02,
        collinear_tolerance: float = 1e-3,
    ) -> FloorHomography:
        """Fit from ``>= 4`` pairs; ``max_error`` is the RMS reprojection error allowed,
        as a fraction of the floor points' extent (0.02 = 2 %)."""
        image = _as_points(image_points, "image points")
        floor = _as_points(floor_points, "floor points")
        if len(image) != len(floor):
            raise InputError(
                f"{len(image)} image points but {len(floor)} floor points; give them in pairs"
            )
        if len(image) < 4:
            raise InputError(
                f"a floor homography needs at least 4 point pairs, got {len(image)}; "
                "mark four floor spots visible in the image"
            )
        _check_spread(image, "image points", collinear_tolerance)
        _check_spread(floor, "floor points", collinear_tolerance)
        matrix, _ = cv2.findHomography(image, floor, 0)
        if matrix is None or not np.isfinite(matrix).all() or abs(np.linalg.det(matrix)) < 1e-12:
            raise InputError("these point pairs do not define a homography; check their order")
        homography = cls(matrix)
        residual = homography.image_to_floor(image) - floor
        rms = float(np.sqrt(np.mean(np.sum(residual**2, axis=1))))
        extent = float(np.ptp(floor, axis=0).max())
        if rms > max_error * extent:
            worst = int(np.argmax(np.sum(residual**2, axis=1)))
            raise InputError(
                f"the point pairs disagree: reprojection error {rms:.3g} floor units "
                f"({rms / extent:.1%} of the floor extent, limit {max_error:.0%}); "
                f"pair {worst + 1} fits worst, check it"
            )
        return cls(matrix, rms)

    def image_to_floor(self, points: PointsLike) -> np.ndarray:
        """``(N, 2)`` floor coordinates of ``(N, 2)`` image points (vectorised)."""
        return _apply(self.matrix, points)

    def floor_to_image(self, points: PointsLike) -> np.ndarray:
        return _apply(np.linalg.inv(self.matrix), points)


def _apply(matrix: np.ndarray, points: PointsLike) -> np.ndarray:
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    homogeneous = np.c_[pts, np.ones(len(pts))] @ matrix.T
    w = homogeneous[:, 2:3]
    # Points on the horizon line map to infinity: report NaN rather than a huge number.
    w = np.where(np.abs(w) < 1e-12, np.nan, w)
    return homogeneous[:, :2] / w
