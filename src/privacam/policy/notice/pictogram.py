"""The camera pictogram: one drawing, rendered to the PDF sign and to inline SVG.

A camera seen from the front, in the style of the JIS pictograms used on
Japanese camera signs: a rounded body, a viewfinder hump on top, a shutter
button and a large lens with a highlight. Shapes live in a 100 × 100 box with
y pointing down (SVG's convention); the PDF renderer flips them.

>>> "<circle" in pictogram_svg(64, "#000", "#fff")
True
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    r: float
    ink: bool  # True: the pictogram colour; False: the background colour


@dataclass(frozen=True)
class _Circle:
    cx: float
    cy: float
    r: float
    ink: bool


SHAPES: tuple[_Rect | _Circle, ...] = (
    _Rect(30, 14, 34, 16, 4, True),  # viewfinder hump
    _Rect(12, 20, 14, 8, 2, True),  # shutter button
    _Rect(4, 26, 92, 62, 10, True),  # body
    _Circle(50, 57, 25, False),  # lens ring
    _Circle(50, 57, 19, True),  # lens
    _Circle(43, 50, 5, False),  # highlight on the glass
    _Rect(76, 34, 12, 7, 2, False),  # flash window
)


def draw_pictogram(
    canvas: Canvas, x: float, y: float, size: float, ink: Color, background: Color
) -> None:
    """Draw the pictogram in a ``size`` square whose lower-left corner is (x, y)."""
    scale = size / 100
    canvas.saveState()
    for shape in SHAPES:
        canvas.setFillColor(ink if shape.ink else background)
        if isinstance(shape, _Rect):
            canvas.roundRect(
                x + shape.x * scale,
                y + (100 - shape.y - shape.h) * scale,
                shape.w * scale,
                shape.h * scale,
                shape.r * scale,
                stroke=0,
                fill=1,
            )
        else:
            canvas.circle(
                x + shape.cx * scale,
                y + (100 - shape.cy) * scale,
                shape.r * scale,
                stroke=0,
                fill=1,
            )
    canvas.restoreState()


def pictogram_svg(size: int, ink: str, background: str) -> str:
    """Inline SVG of the pictogram, ``size`` pixels square."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{size}" '
        f'height="{size}" role="img" aria-hidden="true">'
    ]
    for shape in SHAPES:
        fill = ink if shape.ink else background
        if isinstance(shape, _Rect):
            parts.append(
                f'<rect x="{shape.x}" y="{shape.y}" width="{shape.w}" height="{shape.h}" '
                f'rx="{shape.r}" fill="{fill}"/>'
            )
        else:
            parts.append(f'<circle cx="{shape.cx}" cy="{shape.cy}" r="{shape.r}" fill="{fill}"/>')
    parts.append("</svg>")
    return "".join(parts)
