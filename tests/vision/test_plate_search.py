"""Where PlateSearch looks: full frame, vehicle crops, and tiles only where they help."""

from __future__ import annotations

import numpy as np

from privacam.vision.detectors.plate_search import PlateSearch
from privacam.vision.types import Detections


class Vehicles:
    """A vehicle detector that always finds the given car boxes (COCO class 2)."""

    def __init__(self, *boxes: tuple[int, int, int, int]) -> None:
        self.boxes = np.array(boxes, dtype=np.float32).reshape(-1, 4)

    def detect(self, image: np.ndarray) -> Detections:
        n = len(self.boxes)
        return Detections(self.boxes, np.full(n, 0.5, np.float32), np.full(n, 2))


class CountingPlates:
    """A plate detector with LPD-YuNet's input size that finds nothing and counts its runs."""

    input_wh = (320, 240)

    def __init__(self) -> None:
        self.shapes: list[tuple[int, ...]] = []

    def detect(self, image: np.ndarray) -> Detections:
        self.shapes.append(image.shape[:2])
        return Detections.empty()


FRAME = np.zeros((480, 640, 3), np.uint8)


def test_a_small_far_vehicle_gets_its_crop_but_no_tiles() -> None:
    plates = CountingPlates()
    search = PlateSearch(Vehicles((500, 220, 570, 250)), plates, enlarge=0.0)
    search.detect(FRAME)
    assert plates.shapes == [(480, 640), (30, 70)]  # full frame, then the crop alone
    assert search.last_runs == 2


def test_the_old_rule_searched_tiles_around_small_vehicles_too() -> None:
    plates = CountingPlates()
    search = PlateSearch(
        Vehicles((500, 220, 570, 250)), plates, enlarge=0.0, tiles_for_small_vehicles=True
    )
    search.detect(FRAME)
    assert search.last_runs > 2


def test_a_vehicle_larger_than_the_input_gets_the_tiles_it_touches() -> None:
    plates = CountingPlates()
    search = PlateSearch(Vehicles((0, 0, 400, 200)), plates, enlarge=0.0)
    regions = search.vehicle_regions(FRAME)
    windows = search.windows(480, 640, regions)
    assert windows and all(x0 < 400 and y0 < 200 for x0, y0, _, _ in windows)
    search.detect(FRAME)
    assert search.last_runs == 2 + len(windows)


def test_without_vehicles_only_the_full_frame_is_searched() -> None:
    plates = CountingPlates()
    search = PlateSearch(Vehicles(), plates)
    search.detect(FRAME)
    assert plates.shapes == [(480, 640)]
