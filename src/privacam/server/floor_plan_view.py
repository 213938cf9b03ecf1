"""The deployment's floor plan as the dashboard's maps draw on it, and its zones placed on it.

The plan is the image ``site.floor_plan`` names (relative to the deployment file), never
a camera frame: maps are drawn on it or on a blank canvas (invariant 1). Floor
coordinates are the plan's pixels, as the deployment's ``floor_points`` are written, so
a zone (image pixels) lands on the plan through the camera's image → floor homography.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from privacam.policy.floor_grid import metres_per_unit
from privacam.policy.loader import LoadedSpec
from privacam.policy.spec import Camera

#: Plans larger than this many pixels are refused (a decompression bomb, or a mistake).
MAX_PLAN_PIXELS = 40_000_000


@dataclass(frozen=True)
class FloorPlan:
    """The plan's pixels (RGB, ``(height, width, 3)``) and its scale when known."""

    pixels: np.ndarray
    metres_per_unit: float | None

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in plan pixels = floor units."""
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        width, height = self.size
        return (0.0, 0.0, float(width), float(height))

    def png(self) -> bytes:
        out = io.BytesIO()
        Image.fromarray(self.pixels).save(out, format="PNG")
        return out.getvalue()


def plan_path(loaded: LoadedSpec) -> Path | None:
    name = loaded.spec.site.floor_plan
    if not name:
        return None
    path = Path(name).expanduser()
    if not path.is_absolute() and loaded.path is not None:
        path = loaded.path.parent / path
    return path


def load_floor_plan(loaded: LoadedSpec) -> FloorPlan | None:
    """The deployment's plan, or None when it names none or the file cannot be read."""
    path = plan_path(loaded)
    if path is None or not path.is_file():
        return None
    stat = path.stat()
    pixels = _read_plan(str(path), stat.st_mtime_ns, stat.st_size)
    if pixels is None:
        return None
    size_m = loaded.spec.site.floor_plan_size_m
    height, width = pixels.shape[:2]
    mpu = metres_per_unit((width, height), size_m) if size_m else None
    return FloorPlan(pixels, mpu)


@lru_cache(maxsize=4)
def _read_plan(path: str, mtime_ns: int, size: int) -> np.ndarray | None:
    """The plan's RGB pixels, read once per version of the file (its mtime and size)."""
    try:
        with Image.open(path) as image:
            if image.width * image.height > MAX_PLAN_PIXELS:
                return None
            pixels = np.asarray(image.convert("RGB"))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    pixels.setflags(write=False)
    return pixels


def zone_on_plan(
    camera: Camera, polygon: list[tuple[float, float]], plan: FloorPlan
) -> np.ndarray | None:
    """``(N, 2)`` plan coordinates of an image polygon, cut to the plan's edges; None
    without a usable homography (fewer than four ``floor_points``, or a corner beyond the
    camera's horizon) or when nothing of the zone lies on the plan."""
    if len(camera.floor_points) < 4:
        return None
    image = np.array([p.image for p in camera.floor_points], dtype=np.float64)
    floor = np.array([p.floor for p in camera.floor_points], dtype=np.float64)
    matrix, _ = cv2.findHomography(image, floor, 0)
    if matrix is None or not np.isfinite(matrix).all():
        return None
    points = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
    projected = np.c_[points, np.ones(len(points))] @ matrix.T
    # The side of the horizon the floor points lie on; a corner beyond it has no floor place.
    side = np.sign((np.c_[image, np.ones(len(image))] @ matrix.T)[:, 2].mean())
    if (projected[:, 2] * side <= 1e-9).any():
        return None
    outline = clip_to_bounds(projected[:, :2] / projected[:, 2:], plan.bounds)
    return outline if len(outline) >= 3 else None


def clip_to_bounds(polygon: np.ndarray, bounds: tuple[float, float, float, float]) -> np.ndarray:
    """The part of ``polygon`` inside the rectangle ``bounds`` (Sutherland-Hodgman).

    >>> clip_to_bounds(np.array([[-5.0, 5], [5, -5], [15, 5], [5, 15]]), (0, 0, 10, 10)).shape
    (8, 2)
    """
    x0, y0, x1, y1 = bounds
    edges = ((0, x0, 1), (0, x1, -1), (1, y0, 1), (1, y1, -1))  # axis, limit, inward sign
    points = [tuple(p) for p in np.asarray(polygon, dtype=np.float64)]
    for axis, limit, sign in edges:
        kept: list[tuple[float, float]] = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            current_in = (current[axis] - limit) * sign >= 0
            previous_in = (previous[axis] - limit) * sign >= 0
            if current_in != previous_in:
                t = (limit - previous[axis]) / (current[axis] - previous[axis])
                kept.append(tuple(p + t * (c - p) for p, c in zip(previous, current, strict=True)))
            if current_in:
                kept.append(current)
        points = kept
        if not points:
            break
    return np.array(points, dtype=np.float64).reshape(-1, 2)
