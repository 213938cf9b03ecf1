"""Icon maps: VGA output, icons where the floor points map, and nothing but plan + drawing."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.icons import (
    BACKGROUND,
    MOVING_COLOR,
    STILL_COLOR,
    IconMap,
    encode_jpeg,
)
from privacam.vision.types import Frame


def colours(image: np.ndarray) -> set[tuple[int, ...]]:
    return {tuple(int(v) for v in c) for c in np.unique(image.reshape(-1, 3), axis=0)}


def test_blank_canvas_is_vga_and_holds_only_the_palette() -> None:
    icon_map = IconMap(floor_bounds=(0, 0, 20, 10))
    image = icon_map.render([(2, 2), (10, 5), (18, 8)], moving=[True, False, True])
    assert image.shape == (480, 640, 3) and image.dtype == np.uint8
    assert colours(image) == {BACKGROUND, MOVING_COLOR, STILL_COLOR}


def test_icons_stand_at_the_mapped_floor_points() -> None:
    icon_map = IconMap(floor_bounds=(0, 0, 20, 10), icon_height=28, padding=0)
    # 20 m x 10 m fitted into 640 x 480: 32 px per metre, centred vertically (offset 80 px).
    assert icon_map.to_canvas([(0, 0), (20, 10), (10, 5)]).tolist() == [
        [0.0, 80.0],
        [640.0, 400.0],
        [320.0, 240.0],
    ]
    image = icon_map.render([(5, 2.5), (15, 7.5)], moving=[True, False])
    for (x, y), colour in (((160, 160), MOVING_COLOR), ((480, 320), STILL_COLOR)):
        # The body is just above the feet, the head higher up; nothing beside the icon.
        assert tuple(image[y - 10, x]) == colour
        assert tuple(image[y - 24, x]) == colour
        assert tuple(image[y - 10, x + 15]) == BACKGROUND
        assert tuple(image[y + 5, x]) == BACKGROUND
        icon_pixels = np.argwhere((image == colour).all(axis=2))
        assert icon_pixels[:, 1].mean() == pytest.approx(x, abs=1.5)
        assert icon_pixels[:, 0].min() == y - 28 and icon_pixels[:, 0].max() <= y + 2


def test_on_a_floor_plan_only_icon_pixels_differ_from_the_plan() -> None:
    rng = np.random.default_rng(0)
    plan = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)  # a busy plan, 400 x 300 px
    icon_map = IconMap(floor_plan=plan)  # floor coordinates = plan pixels; scale 1.6
    empty = icon_map.render([])
    assert np.array_equal(empty, cv2.resize(plan, (640, 480), interpolation=cv2.INTER_AREA))
    image = icon_map.render([(100, 100)], moving=[False])
    differs = np.argwhere((image != empty).any(axis=2))
    assert len(differs) > 50
    assert differs[:, 0].min() >= 160 - 32 and differs[:, 0].max() <= 162
    assert differs[:, 1].min() >= 160 - 8 and differs[:, 1].max() <= 168
    assert (image[differs[:, 0], differs[:, 1]] == STILL_COLOR).all()


def test_never_on_a_camera_frame_and_clear_errors() -> None:
    frame = Frame(image=np.zeros((480, 640, 3), np.uint8), index=0, timestamp=0.0)
    with pytest.raises(InputError, match="never on a camera frame"):
        IconMap(floor_plan=frame)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="floor_bounds"):
        IconMap()
    with pytest.raises(InputError, match="moving flags"):
        IconMap(floor_bounds=(0, 0, 1, 1)).render([(0, 0)], moving=[True, False])


def test_jpeg_bytes_decode_to_the_map() -> None:
    image = IconMap(floor_bounds=(0, 0, 4, 3)).render([(2, 1.5)], moving=[True])
    data = encode_jpeg(image, quality=90)
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (480, 640, 3)
    assert np.abs(decoded.astype(int) - image.astype(int)).mean() < 3
