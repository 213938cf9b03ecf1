"""The floor plan is an image file too: the pixel limit guards it like every source."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacam.cases.floor import read_floor_plan
from privacam.errors import InputError
from tests.vision.bombs import png_bomb


def test_a_floor_plan_above_the_pixel_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    png_bomb(tmp_path / "plan.png", 30_000, 30_000)
    with pytest.raises(InputError, match="30000×30000"):
        read_floor_plan("plan.png", tmp_path)
