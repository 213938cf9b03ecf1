"""The camera pictogram (GB §3) is drawn on every page of the sign: A4, A3 and label.

The test reads the PDF's drawing operations: every shape of the pictogram must be
a filled path at its place, all at one scale, so a sign without the pictogram (or
with only part of it) fails.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import Canvas

from privacam.policy.notice import render_notice
from privacam.policy.notice.pictogram import SHAPES, _Circle, _Rect, draw_pictogram
from tests.policy.conftest import load_data, template_data

NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
#: Points of slack between a shape's expected and drawn bounds (curves are approximated).
TOLERANCE = 0.6

Bounds = tuple[float, float, float, float]  # left, bottom, right, top, in PDF points


def _shape_box(shape: _Rect | _Circle) -> tuple[float, float, float, float]:
    """(left, top, width, height) in the pictogram's 100-unit box, y pointing down."""
    if isinstance(shape, _Rect):
        return shape.x, shape.y, shape.w, shape.h
    return shape.cx - shape.r, shape.cy - shape.r, 2 * shape.r, 2 * shape.r


def _path_bounds(page) -> list[Bounds]:
    return [
        tuple(obj.get_bounds())
        for obj in page.get_objects()
        if obj.type == pdfium_raw.FPDF_PAGEOBJ_PATH
    ]


def _pictogram_sizes(paths: list[Bounds]) -> list[float]:
    """Sizes (points) of every complete pictogram among ``paths``, anchored on its first shape."""
    anchor_left, anchor_top, anchor_width, _ = _shape_box(SHAPES[0])
    found = []
    for left, _bottom, right, top in paths:
        scale = (right - left) / anchor_width
        if scale <= 0:
            continue
        origin_x, origin_top = left - anchor_left * scale, top + anchor_top * scale
        if all(_drawn(shape, scale, origin_x, origin_top, paths) for shape in SHAPES):
            found.append(100 * scale)
    return found


def _drawn(shape, scale: float, origin_x: float, origin_top: float, paths: list[Bounds]) -> bool:
    x, y, w, h = _shape_box(shape)
    expected = (
        origin_x + x * scale,
        origin_top - (y + h) * scale,
        origin_x + (x + w) * scale,
        origin_top - y * scale,
    )
    return any(
        all(abs(a - b) <= TOLERANCE for a, b in zip(p, expected, strict=True)) for p in paths
    )


def _pages_with_pictogram(pdf: bytes | Path) -> list[list[float]]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [_pictogram_sizes(_path_bounds(page)) for page in document]
    finally:
        document.close()


@pytest.fixture(scope="module")
def signs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = template_data("counting")
    data["cameras"][0]["notice"]["sizes"] = ["A4", "A3", "label"]
    folder = tmp_path_factory.mktemp("signs")
    render_notice(load_data(data), folder, now=NOW)
    return folder


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a4_a3_and_label_pages_of_the_sign_carry_the_camera_pictogram(
    signs: Path, lang: str
) -> None:
    pages = _pages_with_pictogram(signs / f"sign-{lang}.pdf")
    assert len(pages) == 3  # A4, A3, label
    assert all(len(sizes) == 1 for sizes in pages), pages
    a4, a3, label = (sizes[0] for sizes in pages)
    assert a3 > a4 > label > 20  # points: the label's is still about a centimetre


def _one_page(with_pictogram: bool) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(300, 300))
    canvas.rect(10, 10, 200, 100, fill=1)  # something else drawn on the page
    if with_pictogram:
        draw_pictogram(canvas, 50, 150, 80, black, white)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_the_pictogram_finder_sees_a_drawn_pictogram_and_no_other_shape() -> None:
    assert len(SHAPES) >= 5
    assert _pages_with_pictogram(_one_page(True)) == [[pytest.approx(80)]]
    assert _pages_with_pictogram(_one_page(False)) == [[]]
