"""Licence plates for anonymisation: several looks, merged, where plates can be.

No single view finds every plate with LPD-YuNet's fixed 320x240 input: tiles
at the network's native scale find small plates, larger tiles find plates cut
by small tiles, and a letterboxed vehicle crop finds plates on big cars (on 12
US car photos: 11, 10 and 9 of 12 plates; all 12 together). Plates sit on
vehicles, so tiles are searched only where they touch an (enlarged) vehicle
box from a low-threshold vehicle detector, which keeps the cost near zero on
streets without traffic; ``gate_on_vehicles=False`` searches every tile.

Tiles exist to see plates at the network's own scale where a vehicle crop would
shrink them. A vehicle whose enlarged box fits the plate detector's input
(320x240) is letterboxed at a scale of 1 or more, so its crop already sees its plate
at least as large as any tile would: such vehicles call for no tiles
(``tiles_for_small_vehicles=False``). On TUD-Campus five frames hold a faint
far-away "car" (80x35 px, score 0.16) that cost 43 tile runs; with this rule none,
and the 12 openalpr_us plates are all still found (the rule was derived from the
scales, then checked on those photos; it changes no car photo's tiles there).

>>> from privacam.vision.detectors import LpdYunetDetector, YoloxDetector
>>> plates = PlateSearch(YoloxDetector(score_threshold=0.15), LpdYunetDetector())  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from privacam.vision.boxes import clip_boxes
from privacam.vision.detectors.base import Detector, check_image
from privacam.vision.detectors.tiling import (
    detect_in_window,
    merge_overlapping,
    shift,
    tile_origins,
)
from privacam.vision.detectors.vehicle_plates import VEHICLE_CLASSES
from privacam.vision.types import Detections


class PlateSearch:
    """Plates from the full frame, vehicle crops and vehicle-gated tiles of several sizes.

    ``tile_sizes`` are (width, height) windows; ``enlarge`` grows vehicle boxes
    by that fraction per side before gating tiles and cropping (a plate hangs
    at the box's edge); ``edge_margin`` drops tile detections touching an inner
    tile edge (another tile or view sees them whole).
    """

    def __init__(
        self,
        vehicle_detector: Detector | None,
        plate_detector: Detector,
        *,
        tile_sizes: Sequence[tuple[int, int]] = ((320, 240), (480, 360)),
        overlap: float = 0.25,
        enlarge: float = 0.15,
        vehicle_classes: Iterable[int] = VEHICLE_CLASSES,
        gate_on_vehicles: bool = True,
        tiles_for_small_vehicles: bool = False,
        vehicle_crops: bool = True,
        full_frame: bool = True,
        max_vehicles: int = 30,
        edge_margin: int = 4,
        nms_iou: float = 0.3,
    ) -> None:
        if vehicle_detector is None and gate_on_vehicles:
            raise ValueError("PlateSearch: gating on vehicles needs a vehicle detector")
        self.vehicle_detector = vehicle_detector
        self.plate_detector = plate_detector
        self.tile_sizes = tuple(tile_sizes)
        self.overlap = overlap
        self.enlarge = enlarge
        self.vehicle_classes = np.array(sorted(set(vehicle_classes)), dtype=np.int64)
        self.gate_on_vehicles = gate_on_vehicles
        #: (width, height) a vehicle region must exceed in one side to call for tiles
        self.tile_region_floor = None
        if not tiles_for_small_vehicles:
            self.tile_region_floor = getattr(plate_detector, "input_wh", None)
        self.vehicle_crops = vehicle_crops and vehicle_detector is not None
        self.full_frame = full_frame
        self.max_vehicles = max_vehicles
        self.edge_margin = edge_margin
        self.nms_iou = nms_iou
        #: How many plate-detector runs the last image took (for benchmarks).
        self.last_runs = 0

    def vehicle_regions(self, image: np.ndarray) -> np.ndarray:
        """``(N, 4)`` enlarged, clipped vehicle boxes (float), highest scores first."""
        if self.vehicle_detector is None:
            return np.zeros((0, 4), dtype=np.float32)
        found = self.vehicle_detector.detect(image)
        found = found[np.isin(found.class_ids, self.vehicle_classes)]
        found = found[np.argsort(-found.scores)[: self.max_vehicles]]
        size = found.xyxy[:, 2:] - found.xyxy[:, :2]
        grown = np.c_[
            found.xyxy[:, :2] - self.enlarge * size, found.xyxy[:, 2:] + self.enlarge * size
        ]
        return clip_boxes(grown, image.shape[:2])

    def windows(
        self, height: int, width: int, regions: np.ndarray
    ) -> list[tuple[int, int, int, int]]:
        """The tiles to search: every tile of every size, or those touching a region
        larger than the plate detector's input."""
        if self.tile_region_floor is not None and len(regions):
            width_floor, height_floor = self.tile_region_floor
            sides = regions[:, 2:] - regions[:, :2]
            regions = regions[(sides[:, 0] > width_floor) | (sides[:, 1] > height_floor)]
        chosen = []
        for tw, th in self.tile_sizes:
            if tw >= width and th >= height:
                continue  # the full-frame look covers it
            xs = tile_origins(width, tw, round(self.overlap * tw))
            ys = tile_origins(height, th, round(self.overlap * th))
            for y in ys:
                for x in xs:
                    window = (x, y, min(x + tw, width), min(y + th, height))
                    if not self.gate_on_vehicles or _touches(window, regions):
                        chosen.append(window)
        return chosen

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        height, width = image.shape[:2]
        regions = self.vehicle_regions(image)
        parts: list[Detections] = []
        runs = 0
        if self.full_frame:
            parts.append(self.plate_detector.detect(image))
            runs += 1
        if self.vehicle_crops:
            for x0, y0, x1, y1 in np.round(regions).astype(int):
                if x1 - x0 < 16 or y1 - y0 < 16:
                    continue
                crop = np.ascontiguousarray(image[y0:y1, x0:x1])
                parts.append(shift(self.plate_detector.detect(crop), x0, y0))
                runs += 1
        for window in self.windows(height, width, regions):
            parts.append(detect_in_window(self.plate_detector, image, window, self.edge_margin))
            runs += 1
        self.last_runs = runs
        return merge_overlapping(parts, self.nms_iou)


def _touches(window: tuple[int, int, int, int], regions: np.ndarray) -> bool:
    if len(regions) == 0:
        return False
    x0, y0, x1, y1 = window
    return bool(
        (
            (regions[:, 0] < x1)
            & (regions[:, 2] > x0)
            & (regions[:, 1] < y1)
            & (regions[:, 3] > y0)
        ).any()
    )
