"""Look for licence plates inside vehicles: a second pass on the regions that matter.

A plate is a few dozen pixels in a 1280x720 frame; inside an enlarged vehicle
box, letterboxed to the plate detector's input, it becomes large enough to find.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from privacam.vision.detectors.base import Detector, check_image
from privacam.vision.detectors.geometry import suppress_overlaps
from privacam.vision.detectors.tiling import shift
from privacam.vision.types import Detections

VEHICLE_CLASSES = (2, 3, 5, 7)  # car, motorcycle, bus, truck


class PlatesInVehicles:
    """Run ``plate_detector`` on each vehicle box found by ``vehicle_detector``.

    ``enlarge`` grows each vehicle box by that fraction of its size on every
    side (plates sit at the box's edge); ``max_vehicles`` bounds the work on
    a crowded car park, keeping the highest-scoring vehicles.
    """

    def __init__(
        self,
        vehicle_detector: Detector,
        plate_detector: Detector,
        *,
        vehicle_classes: Iterable[int] = VEHICLE_CLASSES,
        enlarge: float = 0.1,
        min_vehicle_side: int = 32,
        max_vehicles: int = 20,
        nms_iou: float = 0.3,
    ) -> None:
        self.vehicle_detector = vehicle_detector
        self.plate_detector = plate_detector
        self.vehicle_classes = np.array(sorted(set(vehicle_classes)), dtype=np.int64)
        self.enlarge = enlarge
        self.min_vehicle_side = min_vehicle_side
        self.max_vehicles = max_vehicles
        self.nms_iou = nms_iou

    def regions(self, image: np.ndarray, vehicles: Detections) -> list[tuple[int, int, int, int]]:
        """Enlarged, clipped integer windows around the vehicles worth searching."""
        height, width = image.shape[:2]
        keep = np.isin(vehicles.class_ids, self.vehicle_classes)
        vehicles = vehicles[keep]
        vehicles = vehicles[np.argsort(-vehicles.scores)[: self.max_vehicles]]
        windows = []
        for x0, y0, x1, y1 in vehicles.xyxy:
            dx, dy = (x1 - x0) * self.enlarge, (y1 - y0) * self.enlarge
            window = (
                int(max(0, np.floor(x0 - dx))),
                int(max(0, np.floor(y0 - dy))),
                int(min(width, np.ceil(x1 + dx))),
                int(min(height, np.ceil(y1 + dy))),
            )
            if min(window[2] - window[0], window[3] - window[1]) >= self.min_vehicle_side:
                windows.append(window)
        return windows

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        vehicles = self.vehicle_detector.detect(image)
        parts = []
        for x0, y0, x1, y1 in self.regions(image, vehicles):
            found = self.plate_detector.detect(np.ascontiguousarray(image[y0:y1, x0:x1]))
            parts.append(shift(found, x0, y0))
        plates = Detections.merge(parts)
        if len(plates) == 0:
            return plates
        return suppress_overlaps(plates, self.nms_iou, per_class=True)
