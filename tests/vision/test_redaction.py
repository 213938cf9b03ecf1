"""Redaction: masked detail is destroyed, nothing outside the mask changes, shapes cover what
they promise, boxes at the image edge work."""

from __future__ import annotations

import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.redaction import RedactionStyle, mask_regions, redact
from privacam.vision.types import Detections

H, W = 240, 320
BOX = np.array([[100.0, 60.0, 180.0, 160.0]])  # 80 x 100


def checkerboard() -> np.ndarray:
    """High-frequency detail everywhere (a stand-in for facial features)."""
    yy, xx = np.mgrid[0:H, 0:W]
    pattern = ((xx // 2 + yy // 2) % 2 * 255).astype(np.uint8)
    return np.dstack([pattern, 255 - pattern, pattern])


def grown(margin: float) -> tuple[int, int, int, int]:
    g, _, _ = mask_regions(BOX, "box", margin)
    x1, y1, x2, y2 = g[0]
    return int(np.floor(x1)), int(np.floor(y1)), int(np.ceil(x2)), int(np.ceil(y2))


@pytest.mark.parametrize("method", ["blur", "pixelate", "fill"])
@pytest.mark.parametrize("shape", ["box", "ellipse", "ellipse_circumscribed"])
def test_detail_inside_is_destroyed_and_nothing_outside_changes(method, shape) -> None:
    image = checkerboard()
    style = RedactionStyle(method=method, shape=shape, margin=0.1)
    out = redact(image, BOX, style)
    # Centre of the box: variance gone (the pattern's std is ~127).
    core = out[85:135, 115:165].astype(float)
    assert image[85:135, 115:165].std() > 100
    assert core.std() < 15
    # Outside the region the mask can reach, every pixel is untouched.
    _, centre, axes = mask_regions(BOX, shape, 0.1)
    reach_lo, reach_hi = np.floor(centre - axes)[0], np.ceil(centre + axes)[0]
    outside = np.ones((H, W), dtype=bool)
    outside[int(reach_lo[1]) : int(reach_hi[1]), int(reach_lo[0]) : int(reach_hi[0])] = False
    assert np.array_equal(out[outside], image[outside])
    assert not np.shares_memory(out, image)
    assert np.array_equal(image, checkerboard())  # the input is not modified


def test_box_shape_with_margin_changes_exactly_the_grown_box() -> None:
    image = np.full((H, W, 3), 200, np.uint8)
    out = redact(image, BOX, RedactionStyle(method="fill", shape="box", margin=0.25))
    changed = (out != image).any(axis=2)
    x1, y1, x2, y2 = grown(0.25)  # 80x100 grown by 20 / 25 px on each side
    assert (x1, y1, x2, y2) == (80, 35, 200, 185)
    expected = np.zeros((H, W), bool)
    expected[y1:y2, x1:x2] = True
    assert np.array_equal(changed, expected)


def test_inscribed_ellipse_leaves_corners_circumscribed_covers_them() -> None:
    image = np.full((H, W, 3), 200, np.uint8)
    x1, y1, x2, y2 = grown(0.1)
    box_area = (x2 - x1) * (y2 - y1)
    fill = {"method": "fill", "color": (0, 0, 255), "margin": 0.1}
    inscribed = redact(image, BOX, RedactionStyle(shape="ellipse", **fill))
    covered = (inscribed[y1:y2, x1:x2] != 200).any(axis=2)
    assert covered.mean() == pytest.approx(np.pi / 4, abs=0.03)  # 78.5 % of the box
    assert not covered[0, 0] and not covered[-1, -1]  # corners left visible
    circumscribed = redact(image, BOX, RedactionStyle(shape="ellipse_circumscribed", **fill))
    covered = (circumscribed[y1:y2, x1:x2] != 200).any(axis=2)
    assert covered.all()  # every pixel of the grown box, corners included
    total = (circumscribed != 200).any(axis=2).sum()
    assert total / box_area == pytest.approx(np.pi / 2, abs=0.05)  # the price: 157 %
    # Pixels clearly outside either ellipse are untouched.
    yy, xx = np.mgrid[0:H, 0:W] + 0.5
    for shape, out in (("ellipse", inscribed), ("ellipse_circumscribed", circumscribed)):
        _, centre, axes = mask_regions(BOX, shape, 0.1)
        r2 = ((xx - centre[0, 0]) / axes[0, 0]) ** 2 + ((yy - centre[0, 1]) / axes[0, 1]) ** 2
        assert (out[r2 > 1.05] == 200).all()
        assert (out[r2 < 0.95] == (0, 0, 255)).all()


def test_blur_and_pixel_size_scale_with_the_box() -> None:
    image = checkerboard()
    small = np.array([[10.0, 10.0, 30.0, 35.0]])
    large = np.array([[120.0, 20.0, 300.0, 230.0]])
    for method in ("blur", "pixelate"):
        out = redact(image, np.r_[small, large], RedactionStyle(method=method, shape="box"))
        assert out[15:30, 14:26].std() < 15
        assert out[60:190, 150:270].std() < 15


def test_boxes_partly_or_wholly_outside_the_image() -> None:
    image = checkerboard()
    boxes = Detections(
        xyxy=[[-40, -30, 40, 50], [280, 200, 400, 300], [500, 500, 600, 600]],
        scores=[1, 1, 1],
        class_ids=[100, 100, 100],
    )
    out = redact(image, boxes, RedactionStyle(method="blur", shape="ellipse_circumscribed"))
    assert out.shape == image.shape
    assert out[0:30, 0:30].std() < 15  # the visible quarter of the first box
    assert out[215:240, 300:320].std() < 20
    untouched = redact(image, np.array([[500.0, 500.0, 600.0, 600.0]]))
    assert np.array_equal(untouched, image)
    assert np.array_equal(redact(image, np.zeros((0, 4))), image)


def test_inplace_and_bad_arguments() -> None:
    image = np.full((H, W, 3), 10, np.uint8)
    same = redact(image, BOX, RedactionStyle(method="fill", color=(255, 255, 255)), inplace=True)
    assert same is image and image[110, 140].tolist() == [255, 255, 255]
    with pytest.raises(InputError, match="unknown redaction method"):
        RedactionStyle(method="smudge")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="uint8"):
        redact(np.zeros((10, 10)), BOX)
