"""QR codes to the full notice, for the PDF sign and the web page.

Error correction is at least M (segno raises it when that costs no size), and
the symbol is drawn with the standard four-module quiet zone, in white, so it
scans even on a busy wall.

>>> qr = make_qr("https://example.jp/privacy/camera/counting")
>>> qr.error in ("M", "Q", "H"), qr.modules
(True, 29)
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from reportlab.lib.colors import black, white
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas

#: Quiet zone around the symbol, in modules (ISO/IEC 18004).
QUIET_ZONE = 4


@dataclass(frozen=True)
class QrSymbol:
    matrix: tuple[tuple[bool, ...], ...]
    error: str
    data: str

    @property
    def modules(self) -> int:
        return len(self.matrix)

    @property
    def modules_with_quiet_zone(self) -> int:
        return self.modules + 2 * QUIET_ZONE


def make_qr(data: str) -> QrSymbol:
    code = segno.make_qr(data, error="m", boost_error=True)
    matrix = tuple(tuple(bool(v) for v in row) for row in code.matrix)
    return QrSymbol(matrix=matrix, error=code.error.upper(), data=data)


def draw_qr(canvas: Canvas, qr: QrSymbol, x: float, y: float, symbol_size: float) -> float:
    """Draw ``qr`` with its symbol ``symbol_size`` points square, quiet zone around it.

    (x, y) is the lower-left corner of the quiet zone; returns the total side drawn.
    """
    module = symbol_size / qr.modules
    total = module * qr.modules_with_quiet_zone
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x, y, total, total, stroke=0, fill=1)
    canvas.setFillColor(black)
    origin_x = x + QUIET_ZONE * module
    top = y + total - QUIET_ZONE * module
    path = canvas.beginPath()
    for row_index, row in enumerate(qr.matrix):
        column = 0
        while column < qr.modules:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < qr.modules and row[column]:
                column += 1
            # Runs of dark modules as one rectangle, slightly overlapping rows to avoid
            # hairline gaps when a viewer anti-aliases.
            path.rect(
                origin_x + start * module,
                top - (row_index + 1) * module,
                (column - start) * module,
                module * 1.01,
            )
    canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canvas.restoreState()
    return total


def qr_svg(qr: QrSymbol, scale: int = 4) -> str:
    """Inline SVG of ``qr`` with its quiet zone, ``scale`` pixels per module."""
    code = segno.make_qr(qr.data, error="m", boost_error=True)
    return code.svg_inline(scale=scale, border=QUIET_ZONE, light="#fff", dark="#000")
