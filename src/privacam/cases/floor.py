"""The floor plan a case draws on, and the camera's image → floor mapping.

Floor coordinates are the floor plan's pixels when a plan image is given
(``site.floor_plan``), as the deployment file's ``floor_points`` are written.
``site.floor_plan_size_m`` then gives the plan's size in metres, hence the
metres per floor unit that speeds and 1 m heatmap cells need. Without a plan
image, floor coordinates are taken as metres and the map is a blank canvas
spanning ``floor_plan_size_m`` (or the floor points, with a margin).

Every drawing starts from :attr:`FloorMap.canvas`: the plan fitted into a
640 x 480 canvas, or a plain background. Never from a camera frame.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.geometry import FloorHomography
from privacam.vision.icons import IconMap

log = logging.getLogger(__name__)


def read_floor_plan(path: str | os.PathLike[str], base_dir: Path | None = None) -> np.ndarray:
    """The floor-plan image as BGR, a relative path taken from ``base_dir``."""
    p = Path(path)
    if not p.is_absolute() and base_dir is not None:
        p = base_dir / p
    image = cv2.imread(str(p), cv2.IMREAD_COLOR) if p.is_file() else None
    if image is None:
        raise InputError(
            f"cannot read the floor plan {p}; give site.floor_plan as a PNG or JPEG path "
            "(relative to the deployment file)"
        )
    return image


@dataclass(frozen=True)
class FloorMap:
    """Image → floor homography plus the canvas (plan or blank) that maps are drawn on."""

    homography: FloorHomography
    icon_map: IconMap  # holds the canvas and the floor → canvas transform
    floor_bounds: tuple[float, float, float, float]
    #: Metres per floor unit, or None when the plan's scale is unknown.
    metres_per_unit: float | None

    @classmethod
    def build(
        cls,
        image_points: Sequence[Sequence[float]],
        floor_points: Sequence[Sequence[float]],
        *,
        plan: np.ndarray | None = None,
        plan_size_m: tuple[float, float] | None = None,
        camera_id: str = "camera",
    ) -> FloorMap:
        """Fit the homography (a clear InputError if it is bad) and prepare the canvas."""
        if len(image_points) < 4:
            raise InputError(
                f"camera {camera_id}: a floor homography needs at least 4 floor_points pairs, "
                f"got {len(image_points)}; mark four floor spots visible in the image"
            )
        try:
            homography = FloorHomography.from_points(image_points, floor_points)
        except InputError as error:
            raise InputError(f"camera {camera_id}: floor_points: {error}") from None
        if plan is not None:
            height, width = plan.shape[:2]
            bounds = (0.0, 0.0, float(width), float(height))
            mpu = None
            if plan_size_m is not None:
                mpu = (plan_size_m[0] / width + plan_size_m[1] / height) / 2
        elif plan_size_m is not None:
            bounds = (0.0, 0.0, float(plan_size_m[0]), float(plan_size_m[1]))
            mpu = 1.0
        else:
            pts = np.asarray(floor_points, dtype=np.float64)
            lo, hi = pts.min(axis=0), pts.max(axis=0)
            margin = 0.25 * (hi - lo)
            bounds = (*(lo - margin).tolist(), *(hi + margin).tolist())
            mpu = 1.0
        icon_map = IconMap(floor_bounds=bounds, floor_plan=plan)
        return cls(homography, icon_map, bounds, mpu)  # type: ignore[arg-type]

    @property
    def canvas(self) -> np.ndarray:
        """A fresh copy of the 640 x 480 base drawing (plan or blank)."""
        return self.icon_map.base.copy()

    def to_floor(self, image_points: np.ndarray) -> np.ndarray:
        """``(N, 2)`` floor coordinates of image points (NaN beyond the horizon)."""
        if len(image_points) == 0:
            return np.zeros((0, 2))
        return self.homography.image_to_floor(image_points)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file and a rename: readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def encode_png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise InputError("could not encode the heatmap as PNG")
    return data.tobytes()
