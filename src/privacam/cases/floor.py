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
from privacam.policy.floor_grid import metres_per_unit
from privacam.vision.geometry import FloorHomography
from privacam.vision.icons import IconMap
from privacam.vision.sources import check_image_header

log = logging.getLogger(__name__)


def read_floor_plan(path: str | os.PathLike[str], base_dir: Path | None = None) -> np.ndarray:
    """The floor-plan image as BGR, a relative path taken from ``base_dir``."""
    p = Path(path)
    if not p.is_absolute() and base_dir is not None:
        p = base_dir / p
    if p.is_file():
        check_image_header(p)  # a plan is an image file too: the same decompression-bomb guard
    image = cv2.imread(str(p), cv2.IMREAD_COLOR) if p.is_file() else None
    if image is None:
        raise InputError(
            f"平面図 {p} を読み込めません。site.floor_plan に PNG または JPEG のパス（デプロイメント"
            f"ファイルからの相対パス）を指定してください / cannot read the floor plan {p}; give "
            "site.floor_plan as a PNG or JPEG path (relative to the deployment file)"
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
                mpu = metres_per_unit((width, height), plan_size_m)
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

    def on_plan(self, floor_points: np.ndarray) -> np.ndarray:
        """``(N,)`` whether each floor point lies on the plan (finite, within its bounds)."""
        return within(floor_points, self.floor_bounds)


@dataclass
class PlanCoverage:
    """How many floor positions fell on the plan, and how many outside it.

    A position outside the plan (or beyond the horizon of the homography) can be neither
    drawn nor put in a heatmap cell. It is counted here, so that a run says so instead of
    showing an empty map that reads as "nobody was there".

    >>> coverage = PlanCoverage()
    >>> coverage.add(np.array([True, True, False]))
    >>> coverage.off_plan, coverage.describe()
    (1, '1 of 3 floor positions (33%) fell outside the floor plan and are in none of its maps; check floor_points')
    """

    on_plan: int = 0
    off_plan: int = 0

    def add(self, on_plan: np.ndarray) -> None:
        inside = int(np.count_nonzero(on_plan))
        self.on_plan += inside
        self.off_plan += len(on_plan) - inside

    @property
    def total(self) -> int:
        return self.on_plan + self.off_plan

    def describe(self) -> str | None:
        """An English phrase when any position fell outside the plan, else None."""
        if not self.off_plan:
            return None
        share = self.off_plan / self.total
        return (
            f"{self.off_plan} of {self.total} floor positions ({share:.0%}) fell outside the "
            "floor plan and are in none of its maps; check floor_points"
        )


def within(points: np.ndarray, bounds: tuple[float, float, float, float]) -> np.ndarray:
    """``(N,)`` whether each point is finite and inside ``bounds`` (edges included)."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    x0, y0, x1, y1 = bounds
    with np.errstate(invalid="ignore"):
        return (
            np.isfinite(pts).all(axis=1)
            & (pts[:, 0] >= x0)
            & (pts[:, 0] <= x1)
            & (pts[:, 1] >= y0)
            & (pts[:, 1] <= y1)
        )


def encode_png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise InputError("could not encode the heatmap as PNG")
    return data.tobytes()
