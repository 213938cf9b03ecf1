"""Icon maps: people drawn as pictograms on a floor plan or a blank canvas, never on a frame.

Positions are floor coordinates (e.g. from :class:`~privacam.vision.geometry.FloorHomography`).
The output is always a 640 x 480 BGR image built only from the floor plan (or
a plain background) and drawn shapes, so no camera pixel can reach it
(DESIGN invariant 1). Colours are drawn without anti-aliasing, so the output
holds only the plan's pixels, the background and the two icon colours.

>>> import numpy as np
>>> icon_map = IconMap(floor_bounds=(0, 0, 10, 7.5))  # a 10 m x 7.5 m room
>>> image = icon_map.render([(5, 3.75)], moving=[True])
>>> image.shape, encode_jpeg(image)[:2]
((480, 640, 3), b'\\xff\\xd8')
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.types import Frame

CANVAS_SIZE = (640, 480)  # width, height: VGA
BACKGROUND = (245, 245, 245)  # BGR
MOVING_COLOR = (0, 140, 255)  # orange
STILL_COLOR = (200, 120, 0)  # blue


class IconMap:
    """Maps floor coordinates onto a VGA canvas and draws person icons there.

    With a ``floor_plan`` image, floor coordinates are that image's pixels
    unless ``floor_bounds`` ``(x_min, y_min, x_max, y_max)`` says what area
    the plan shows; the plan is fitted into the canvas keeping its aspect.
    Without a plan, ``floor_bounds`` is required and fitted likewise onto a
    plain background. Floor y grows downwards on the canvas, as on a plan.
    """

    def __init__(
        self,
        floor_bounds: Sequence[float] | None = None,
        floor_plan: np.ndarray | None = None,
        *,
        icon_height: int = 28,
        padding: int = 16,
    ) -> None:
        if isinstance(floor_plan, Frame):
            raise InputError(
                "icon maps are drawn on a floor plan or a blank canvas, never on a camera frame"
            )
        if floor_plan is not None:
            plan = np.asarray(floor_plan)
            if plan.dtype != np.uint8 or plan.ndim not in (2, 3):
                raise InputError("the floor plan must be an 8-bit image (grey or BGR)")
            if plan.ndim == 2:
                plan = cv2.cvtColor(plan, cv2.COLOR_GRAY2BGR)
            plan = plan[..., :3]
            if floor_bounds is None:
                floor_bounds = (0.0, 0.0, float(plan.shape[1]), float(plan.shape[0]))
        if floor_bounds is None:
            raise InputError("an icon map without a floor plan needs floor_bounds (x0, y0, x1, y1)")
        x0, y0, x1, y1 = (float(v) for v in floor_bounds)
        if not (x1 > x0 and y1 > y0):
            raise InputError(f"floor_bounds {floor_bounds} must have x1 > x0 and y1 > y0")
        width, height = CANVAS_SIZE
        pad = 0 if floor_plan is not None else padding
        self.scale = min((width - 2 * pad) / (x1 - x0), (height - 2 * pad) / (y1 - y0))
        area_w, area_h = (x1 - x0) * self.scale, (y1 - y0) * self.scale
        self.offset = np.array([(width - area_w) / 2, (height - area_h) / 2])
        self.origin = np.array([x0, y0])
        self.icon_height = int(icon_height)
        base = np.empty((height, width, 3), dtype=np.uint8)
        base[:] = BACKGROUND
        if floor_plan is not None:
            size = (max(1, round(area_w)), max(1, round(area_h)))
            left, top = round(self.offset[0]), round(self.offset[1])
            fitted = cv2.resize(plan, size, interpolation=cv2.INTER_AREA)
            base[top : top + size[1], left : left + size[0]] = fitted[
                : height - top, : width - left
            ]
        self.base = base

    def to_canvas(self, floor_points: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """``(N, 2)`` canvas pixels of ``(N, 2)`` floor points."""
        pts = np.asarray(floor_points, dtype=np.float64).reshape(-1, 2)
        return (pts - self.origin) * self.scale + self.offset

    def render(
        self,
        floor_points: Sequence[Sequence[float]] | np.ndarray,
        moving: Sequence[bool] | np.ndarray | None = None,
    ) -> np.ndarray:
        """A fresh 640 x 480 BGR image with one icon per person, feet at its floor point."""
        canvas = self.base.copy()
        pixels = self.to_canvas(floor_points)
        flags = np.zeros(len(pixels), bool) if moving is None else np.asarray(moving, bool)
        if len(flags) != len(pixels):
            raise InputError(f"{len(pixels)} positions but {len(flags)} moving flags")
        for (x, y), is_moving in zip(pixels, flags, strict=True):
            if np.isfinite(x) and np.isfinite(y):
                draw_person(
                    canvas, (x, y), self.icon_height, MOVING_COLOR if is_moving else STILL_COLOR
                )
        return canvas


def draw_person(
    canvas: np.ndarray, feet: tuple[float, float], height: int, color: tuple[int, int, int]
) -> None:
    """A pictogram (head, body, legs) ``height`` px tall with its feet at ``feet``, in place."""
    x, y = round(feet[0]), round(feet[1])
    head_r = max(round(height * 0.13), 1)
    head_y = y - height + head_r  # the top of the head is ``height`` above the feet
    body_top = head_y + head_r + max(round(height * 0.05), 1)
    leg_top = y - round(height * 0.36)
    half_w = max(round(height * 0.16), 1)
    thick = max(round(height * 0.1), 1)
    cv2.circle(canvas, (x, head_y), head_r, color, -1, cv2.LINE_8)
    cv2.rectangle(canvas, (x - half_w, body_top), (x + half_w, leg_top), color, -1, cv2.LINE_8)
    cv2.line(canvas, (x - half_w // 2, leg_top), (x - half_w, y), color, thick, cv2.LINE_8)
    cv2.line(canvas, (x + half_w // 2, leg_top), (x + half_w, y), color, thick, cv2.LINE_8)


def encode_jpeg(image: np.ndarray, quality: int = 85) -> bytes:
    """JPEG bytes of a rendered map (for an HTTP response; nothing is written to disk)."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise InputError("could not encode the icon map as JPEG")
    return data.tobytes()
