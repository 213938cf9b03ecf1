"""Run any detector on overlapping tiles (and the full frame) and merge the results.

A network with a fixed input (YOLOX-Nano's 416x416, LPD-YuNet's 320x240)
shrinks a large frame and loses small objects; tiles keep them at a scale the
network can see. Objects cut by a tile's inner edge are dropped from that
tile, since the overlap or the full frame sees them whole; the rest are merged
with class-wise NMS.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from privacam.errors import InputError
from privacam.vision.detectors.base import Detector, check_image
from privacam.vision.detectors.geometry import suppress_overlaps
from privacam.vision.types import Detections


def tile_origins(length: int, tile: int, overlap: int) -> list[int]:
    """Start offsets of tiles of size ``tile`` covering ``length`` with at least ``overlap``.

    >>> tile_origins(1280, 640, 128)
    [0, 320, 640]
    >>> tile_origins(300, 640, 128)
    [0]
    """
    if length <= tile:
        return [0]
    count = math.ceil((length - overlap) / (tile - overlap))
    step = (length - tile) / (count - 1)
    return [round(i * step) for i in range(count)]


def shift(detections: Detections, dx: float, dy: float) -> Detections:
    """Detections moved by (dx, dy) pixels, landmarks included."""
    offset = np.array([dx, dy], dtype=np.float32)
    landmarks = None if detections.landmarks is None else detections.landmarks + offset
    return replace(detections, xyxy=detections.xyxy + np.tile(offset, 2), landmarks=landmarks)


def detect_in_window(
    detector: Detector, image: np.ndarray, window: tuple[int, int, int, int], edge_margin: int
) -> Detections:
    """What ``detector`` finds whole in ``window`` (x0, y0, x1, y1) of ``image``, in image pixels.

    A detection within ``edge_margin`` pixels of a window edge that the image
    continues beyond is cut by that edge: it is dropped, for a neighbouring
    window or the full frame to see whole.
    """
    x0, y0, x1, y1 = window
    height, width = image.shape[:2]
    found = detector.detect(np.ascontiguousarray(image[y0:y1, x0:x1]))
    m, xyxy = edge_margin, found.xyxy
    cut = (
        ((x0 > 0) & (xyxy[:, 0] <= m))
        | ((y0 > 0) & (xyxy[:, 1] <= m))
        | ((x1 < width) & (xyxy[:, 2] >= (x1 - x0) - m))
        | ((y1 < height) & (xyxy[:, 3] >= (y1 - y0) - m))
    )
    return shift(found[~cut], x0, y0)


def merge_overlapping(parts: list[Detections], nms_iou: float) -> Detections:
    """Detections from overlapping passes as one set: class-wise NMS at ``nms_iou``."""
    merged = Detections.merge(parts)
    if len(merged) == 0:
        return merged
    return suppress_overlaps(merged, nms_iou, per_class=True)


class TiledDetector:
    """Wrap ``detector`` to run on overlapping ``tile_size`` tiles (plus the full frame).

    ``tile_size`` is (width, height); ``overlap`` is a fraction of the tile
    (0.25) or pixels (an int > 1). ``edge_margin`` pixels: a tile detection
    within it of an inner tile edge is treated as cut and dropped.
    """

    def __init__(
        self,
        detector: Detector,
        tile_size: tuple[int, int] | int,
        overlap: float = 0.25,
        include_full_frame: bool = True,
        *,
        nms_iou: float = 0.5,
        edge_margin: int = 8,
    ) -> None:
        self.detector = detector
        size = (tile_size, tile_size) if isinstance(tile_size, int) else tuple(tile_size)
        self.tile_size = (int(size[0]), int(size[1]))
        self.overlap = overlap
        if min(self.tile_size) < 16 or overlap < 0:
            raise InputError(
                f"tile size {self.tile_size} and overlap {overlap} are invalid: tiles need at "
                "least 16 px a side and the overlap must not be negative"
            )
        if any(self._overlap_px(side) >= side for side in self.tile_size):
            raise InputError(
                f"tile overlap {overlap} leaves no step between {self.tile_size} tiles; give a "
                "fraction below 1 (0.25) or fewer pixels than the tile"
            )
        self.include_full_frame = include_full_frame
        self.nms_iou = nms_iou
        self.edge_margin = edge_margin

    def _overlap_px(self, tile: int) -> int:
        return int(self.overlap) if self.overlap > 1 else round(self.overlap * tile)

    def tiles(self, height: int, width: int) -> list[tuple[int, int, int, int]]:
        """The (x0, y0, x1, y1) windows this wrapper runs the detector on (excluding full frame)."""
        tw, th = self.tile_size
        xs = tile_origins(width, tw, self._overlap_px(tw))
        ys = tile_origins(height, th, self._overlap_px(th))
        return [(x, y, min(x + tw, width), min(y + th, height)) for y in ys for x in xs]

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        windows = self.tiles(*image.shape[:2])
        parts: list[Detections] = []
        if self.include_full_frame or len(windows) == 1:
            parts.append(self.detector.detect(image))
        return self.merge([*parts, *self.tile_detections(image)])

    def tile_detections(
        self, image: np.ndarray, windows: list[tuple[int, int, int, int]] | None = None
    ) -> list[Detections]:
        """Each tile's whole detections, in frame pixels, not yet merged (none for one tile).

        For a caller that already ran the detector on the full frame: it merges
        that with these through :meth:`merge` and saves a second full-frame run.
        ``windows`` (a subset of :meth:`tiles`) limits the pass to the tiles that matter.
        """
        check_image(image)
        height, width = image.shape[:2]
        every = self.tiles(height, width)
        if len(every) == 1:  # one tile is the full frame
            return []
        return [
            detect_in_window(self.detector, image, window, self.edge_margin)
            for window in (every if windows is None else windows)
        ]

    def merge(self, parts: list[Detections]) -> Detections:
        """Full-frame and tile detections as one set: class-wise NMS at ``nms_iou``."""
        return merge_overlapping(parts, self.nms_iou)
