"""Polygon zones: vectorised membership agrees with OpenCV, boundary inclusive."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.geometry.zones import PolygonZone, points_in_polygon
from privacam.vision.types import Detections

# A concave "L" shape.
L_SHAPE = [(0, 0), (100, 0), (100, 40), (40, 40), (40, 100), (0, 100)]


def test_concave_polygon_matches_cv2_point_polygon_test() -> None:
    rng = np.random.default_rng(0)
    points = rng.uniform(-20, 120, (2000, 2))
    ours = points_in_polygon(points, np.array(L_SHAPE, dtype=float))
    contour = np.array(L_SHAPE, dtype=np.float32).reshape(-1, 1, 2)
    theirs = np.array(
        [cv2.pointPolygonTest(contour, (float(x), float(y)), False) >= 0 for x, y in points]
    )
    assert (ours == theirs).all()
    assert 0.2 < ours.mean() < 0.5  # the sample hits both inside and outside


def test_the_notch_of_the_l_is_outside_and_edges_are_inside() -> None:
    zone = PolygonZone(L_SHAPE, name="l")
    points = np.array([[20, 20], [70, 70], [100, 20], [40, 70], [0, 0], [101, 20]])
    assert zone.contains(points).tolist() == [True, False, True, True, True, False]


def test_trigger_uses_the_foot_anchor_and_counts_per_class() -> None:
    zone = PolygonZone([(0, 100), (200, 100), (200, 200), (0, 200)], name="floor")
    d = Detections(
        xyxy=[[10, 0, 30, 150], [10, 0, 30, 90], [50, 120, 90, 180], [300, 100, 320, 150]],
        scores=[0.9, 0.9, 0.9, 0.9],
        class_ids=[0, 0, 2, 0],
    )
    # Box 0's feet are in the zone although its head is not; box 1 stands above the zone.
    assert zone.trigger(d).tolist() == [True, False, True, False]
    assert zone.count(d) == {0: 1, 2: 1}
    assert PolygonZone(zone.polygon, anchor="center").trigger(d).tolist() == [
        False,
        False,
        True,
        False,
    ]


def test_empty_input_and_bad_polygons() -> None:
    zone = PolygonZone(L_SHAPE)
    assert zone.contains(np.zeros((0, 2))).shape == (0,)
    assert zone.trigger(Detections.empty()).shape == (0,)
    with pytest.raises(InputError, match="at least 3"):
        PolygonZone([(0, 0), (1, 1)])
    with pytest.raises(InputError, match="zero area"):
        PolygonZone([(0, 0), (1, 1), (2, 2)])
