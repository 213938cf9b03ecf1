"""Image → floor homography: exact mapping, round trip, and every degenerate set refused."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.geometry.homography import FloorHomography

# A trapezoid in the image (perspective of a floor rectangle 4 m x 6 m).
IMAGE = [(200, 200), (440, 200), (600, 460), (40, 460)]
FLOOR = [(0, 6), (4, 6), (4, 0), (0, 0)]


def test_maps_the_pairs_and_points_between_them() -> None:
    h = FloorHomography.from_points(IMAGE, FLOOR)
    assert h.image_to_floor(IMAGE) == pytest.approx(np.array(FLOOR, dtype=float), abs=1e-6)
    assert h.reprojection_error < 1e-6
    # The image centre line x = 320 is the floor's centre line x = 2.
    assert h.image_to_floor([[320, 300], [320, 440]])[:, 0] == pytest.approx([2, 2])
    # Against OpenCV's own projective transform of the same matrix.
    pts = np.array([[100.0, 300.0], [500.0, 250.0], [320.0, 460.0]])
    expected = cv2.perspectiveTransform(pts[None], h.matrix)[0]
    assert h.image_to_floor(pts) == pytest.approx(expected)
    assert h.floor_to_image(h.image_to_floor(pts)) == pytest.approx(pts)


def test_more_than_four_noisy_points_fit_by_least_squares() -> None:
    truth = FloorHomography.from_points(IMAGE, FLOOR)
    rng = np.random.default_rng(1)
    image = rng.uniform([40, 200], [600, 460], (12, 2))
    floor = truth.image_to_floor(image) + rng.normal(0, 0.01, (12, 2))
    fitted = FloorHomography.from_points(image, floor)
    assert 0 < fitted.reprojection_error < 0.03
    assert fitted.image_to_floor([[320, 300]]) == pytest.approx(
        truth.image_to_floor([[320, 300]]), abs=0.05
    )


@pytest.mark.parametrize(
    ("image", "floor", "message"),
    [
        (IMAGE[:3], FLOOR[:3], "at least 4 point pairs"),
        (IMAGE, FLOOR[:3], "in pairs"),
        ([(0, 0), (100, 0), (100, 0), (0, 100)], FLOOR, "are the same point"),
        ([(0, 0), (100, 0), (200, 0), (0, 100)], FLOOR, "image points 1, 2, 3 lie on one line"),
        (IMAGE, [(0, 0), (1, 1), (2, 2), (0, 5)], "floor points 1, 2, 3 lie on one line"),
        ([(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)], [*FLOOR, (2, 2)], "all image points lie"),
        ([(0, 0), (10, 0), (float("nan"), 5), (0, 10)], FLOOR, "finite"),
    ],
)
def test_degenerate_sets_are_refused(image, floor, message) -> None:
    with pytest.raises(InputError, match=message):
        FloorHomography.from_points(image, floor)


def test_inconsistent_pairs_are_refused_by_reprojection_error() -> None:
    truth = FloorHomography.from_points(IMAGE, FLOOR)
    image = np.array([*IMAGE, (320, 300), (150, 400)], dtype=float)
    floor = truth.image_to_floor(image)
    floor[5] += (1.5, -1.0)  # one mistyped floor point
    with pytest.raises(InputError, match="pair 6 fits worst"):
        FloorHomography.from_points(image, floor)
