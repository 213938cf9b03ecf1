"""The on-site sign as a PDF: A4 first, then A3 and a small label if asked for.

Layout (A4): a dark header band with the camera pictogram and カメラ作動中;
the operator; the purpose (with a highlighted line when face recognition is
used); what is captured and generated; what happens to the camera images; and
a footer block with the contact point, the URL and a QR code whose symbol is
42 mm square (GB §3 items 1–6). A3 is the same page scaled by √2. The label
(100 × 70 mm) carries purpose, contact and URL/QR only, as GB §3 allows.

Body text takes the largest size that fits (down to about 12 pt on A4). When
even that does not fit, the purposes that do not fit move online: the sign
shows the first ones and says how many more the web notice lists. Only as a
last resort are lines cut, and never the contact point, URL or QR code.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from privacam.policy.notice.content import SignContent
from privacam.policy.notice.font import drawable, font_name, text_width
from privacam.policy.notice.pictogram import draw_pictogram
from privacam.policy.notice.qr import draw_qr, make_qr
from privacam.policy.notice.typeset import wrap

NAVY = HexColor("#123B6D")
INK = HexColor("#1A1A1A")
MUTED = HexColor("#5A6470")
ALERT_BG = HexColor("#FFD23F")
RULE = HexColor("#C9D2DC")
LABEL_SIZE = (100 * mm, 70 * mm)
#: QR symbol side on A4 (GB §3: scannable from arm's length; ≥ 40 mm).
QR_SYMBOL_A4 = 42 * mm
QR_SYMBOL_LABEL = 26 * mm
SIZES_ORDER = ("A4", "A3", "label")


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    color: Color
    bold: bool = False
    indent: float = 0.0
    space_before: float = 0.0
    alert: bool = False  # drawn on a highlighted band
    #: Cut first when nothing else makes the text fit (purposes; the web page has them all).
    droppable: bool = False


def _draw_text(
    c: Canvas, x: float, y: float, text: str, size: float, color: Color, bold: bool = False
) -> None:
    """One line at baseline y; IPAexGothic has no bold face, so bold is fill plus stroke."""
    obj = c.beginText(x, y)
    obj.setFont(font_name(), size)
    obj.setFillColor(color)
    # The text render mode is graphics state and outlives the text object: set it every time.
    obj.setTextRenderMode(2 if bold else 0)
    c.setStrokeColor(color)
    c.setLineWidth(size * 0.035)
    obj.textLine(drawable(text))
    c.drawText(obj)


def _measure(size: float):
    return lambda s: text_width(s, size)


def _fit_size(text: str, max_width: float, largest: float, smallest: float) -> float:
    size = largest
    while size > smallest and text_width(text, size) > max_width:
        size -= 0.5
    return size


class _Flow:
    """Lines of wrapped text laid out downward from a top edge, with a given leading."""

    LEADING = 1.38

    def __init__(self, width: float) -> None:
        self.width = width
        self.lines: list[_Line] = []

    def add(
        self,
        text: str,
        size: float,
        color: Color = INK,
        *,
        bold: bool = False,
        indent: float = 0.0,
        space_before: float = 0.0,
        bullet: str = "",
        alert: bool = False,
        droppable: bool = False,
    ) -> None:
        inner = self.width - indent - (text_width(bullet, size) if bullet else 0.0)
        inner -= size if alert else 0.0
        for i, line in enumerate(wrap(text, inner, width=_measure(size))):
            prefix = bullet if i == 0 else ""
            shift = 0.0 if i == 0 or not bullet else text_width(bullet, size)
            self.lines.append(
                _Line(
                    prefix + line,
                    size,
                    color,
                    bold,
                    indent + shift,
                    space_before if i == 0 else 0.0,
                    alert,
                    droppable,
                )
            )

    def height(self) -> float:
        return sum(line.space_before + line.size * self.LEADING for line in self.lines)

    def truncate(self, max_height: float, ellipsis: str) -> None:
        """Drop droppable lines from the end (then any line) until the flow fits."""
        cut_at = None
        while self.height() > max_height and any(ln.droppable for ln in self.lines):
            cut_at = max(i for i, ln in enumerate(self.lines) if ln.droppable)
            del self.lines[cut_at]
        while self.lines and self.height() > max_height:
            cut_at = len(self.lines) - 1
            self.lines.pop()
        if cut_at:
            last = self.lines[cut_at - 1]
            self.lines[cut_at - 1] = replace(last, text=last.text + ellipsis)

    def draw(self, c: Canvas, x: float, top: float) -> float:
        y = top
        for line in self.lines:
            y -= line.space_before
            step = line.size * self.LEADING
            if line.alert:
                c.setFillColor(ALERT_BG)
                c.roundRect(x, y - step, self.width, step, line.size * 0.25, stroke=0, fill=1)
                _draw_text(
                    c,
                    x + line.indent + line.size * 0.5,
                    y - line.size * 1.05,
                    line.text,
                    line.size,
                    line.color,
                    line.bold,
                )
            else:
                _draw_text(
                    c,
                    x + line.indent,
                    y - line.size * 1.05,
                    line.text,
                    line.size,
                    line.color,
                    line.bold,
                )
            y -= step
        return y


def _body_flow(
    sign: SignContent, width: float, scale: float, shown: int, extra_gap: float = 0.0
) -> _Flow:
    label, value, gap = 11.5 * scale, 15.5 * scale, 11 * scale + extra_gap
    flow = _Flow(width)
    flow.add(sign.operator_label, label, NAVY, bold=True)
    flow.add(sign.operator, value + 2 * scale, INK, bold=True)
    flow.add(sign.purpose_label, label, NAVY, bold=True, space_before=gap)
    if sign.face_recognition:
        flow.add(sign.face_recognition, value, INK, bold=True, alert=True, space_before=2 * scale)
    _add_purposes(flow, sign, value, shown, 2 * scale)
    flow.add(sign.captured_label, label, NAVY, bold=True, space_before=gap)
    for item in sign.captured:
        flow.add(item, value, INK, bullet=sign.bullet)
    flow.add(sign.generated_label, label, NAVY, bold=True, space_before=gap)
    for item in sign.generated:
        flow.add(item, value, INK, bullet=sign.bullet)
    flow.add(sign.raw_image_label, label, NAVY, bold=True, space_before=gap)
    flow.add(sign.raw_image, value, INK, bullet=sign.bullet)
    return flow


def _header(c: Canvas, sign: SignContent, width: float, height: float, band: float) -> None:
    margin = 15 * mm
    c.setFillColor(NAVY)
    c.rect(0, height - band, width, band, stroke=0, fill=1)
    tile = band - 16 * mm
    tile_y = height - band + 8 * mm
    c.setFillColor(white)
    c.roundRect(margin, tile_y, tile, tile, 4 * mm, stroke=0, fill=1)
    pad = tile * 0.1
    draw_pictogram(c, margin + pad, tile_y + pad, tile - 2 * pad, INK, white)
    text_x = margin + tile + 9 * mm
    text_width_max = width - text_x - margin
    title_size = _fit_size(sign.title, text_width_max, 60, 24)
    site_size = 15.0
    site_lines = wrap(sign.site, text_width_max, width=_measure(site_size))[:2]
    block = title_size * 1.1 + len(site_lines) * site_size * 1.35 + 3 * mm
    top = tile_y + tile / 2 + block / 2
    _draw_text(c, text_x, top - title_size * 0.9, sign.title, title_size, white, bold=True)
    y = top - title_size * 1.1 - 3 * mm
    for line in site_lines:
        _draw_text(c, text_x, y - site_size * 0.9, line, site_size, white)
        y -= site_size * 1.35


def _footer_block(c: Canvas, sign: SignContent, width: float, bottom: float) -> float:
    """Contact, URL and QR along the bottom of an A4 page; returns the block's top edge."""
    margin = 15 * mm
    qr = make_qr(sign.url)
    qr_total = QR_SYMBOL_A4 / qr.modules * qr.modules_with_quiet_zone
    qr_x = width - margin - qr_total + (QR_SYMBOL_A4 / qr.modules) * 4  # align symbol edge
    draw_qr(c, qr, qr_x, bottom, QR_SYMBOL_A4)
    caption = 9.5
    scan_w = text_width(sign.scan, caption)
    symbol_center = qr_x + qr_total / 2
    _draw_text(c, symbol_center - scan_w / 2, bottom - caption * 1.1, sign.scan, caption, MUTED)
    left_width = qr_x - margin - 6 * mm
    flow = _Flow(left_width)
    flow.add(sign.contact_label, 11.5, NAVY, bold=True)
    for i, line in enumerate(sign.contact):
        flow.add(line, 14 if i == 0 else 12.5, INK, bold=i == 0)
    flow.add(
        sign.more, _fit_size(sign.more, left_width, 10.5, 8.5), NAVY, bold=True, space_before=8
    )
    flow.add(sign.url, 12.5, INK)
    for size in (1.0, 0.9, 0.8, 0.7):
        if flow.height() <= qr_total:
            break
        flow = _scaled(flow, size)
    top = bottom + max(qr_total, flow.height())
    flow.draw(c, margin, bottom + qr_total - (QR_SYMBOL_A4 / qr.modules) * 4 + 1)
    c.setStrokeColor(RULE)
    c.setLineWidth(1)
    c.line(margin, top + 6 * mm, width - margin, top + 6 * mm)
    return top + 6 * mm


def _scaled(flow: _Flow, factor: float) -> _Flow:
    scaled = _Flow(flow.width)
    scaled.lines = [
        replace(
            ln,
            size=ln.size * factor,
            indent=ln.indent * factor,
            space_before=ln.space_before * factor,
        )
        for ln in flow.lines
    ]
    return scaled


def _fit_flow(
    build: Callable[[float, int], _Flow], available: float, count: int, scales: Sequence[float]
) -> tuple[_Flow, float]:
    """The largest scale at which ``build`` fits with all ``count`` purposes shown; failing
    that, the smallest scale with as many purposes as fit (the rest are online); failing
    that, the text cut to fit."""
    for scale in scales:
        flow = build(scale, count)
        if flow.height() <= available:
            return flow, scale
    smallest = scales[-1]
    for shown in range(count - 1, 0, -1):
        flow = build(smallest, shown)
        if flow.height() <= available:
            return flow, smallest
    flow = build(smallest, min(count, 1))
    flow.truncate(available, " …")
    return flow, smallest


def _steps(largest: float, smallest: float, step: float) -> list[float]:
    count = round((largest - smallest) / step)
    return [largest - i * step for i in range(count + 1)]


def _add_purposes(flow: _Flow, sign: SignContent, size: float, shown: int, gap: float) -> None:
    for purpose in sign.purposes[:shown]:
        flow.add(purpose, size, INK, bullet=sign.bullet, space_before=gap, droppable=True)
    hidden = len(sign.purposes) - shown
    if hidden > 0:
        flow.add(sign.more_purposes.format(n=hidden), size * 0.8, NAVY, bold=True)


def _draw_a4(c: Canvas, sign: SignContent) -> None:
    width, height = A4
    margin = 15 * mm
    band = 58 * mm
    _header(c, sign, width, height, band)
    footer_size = 7.5
    _draw_text(c, margin, 8 * mm, sign.footer, footer_size, MUTED)
    block_top = _footer_block(c, sign, width, 17 * mm)
    body_top = height - band - 10 * mm
    available = body_top - block_top - 6 * mm
    body_width = width - 2 * margin
    # Largest type that fits: a sign with little to say uses the room to be readable;
    # below 0.8 (12 pt text) purposes move online instead of shrinking further.
    count = len(sign.purposes)

    def build(scale: float, shown: int) -> _Flow:
        return _body_flow(sign, body_width, scale, shown)

    flow, scale = _fit_flow(build, available, count, _steps(1.3, 0.8, 0.04))
    if flow.height() < available:
        # Spread what room is left between the four sections after the operator.
        extra = min((available - flow.height()) / 5, 10 * scale)
        spread = _body_flow(sign, body_width, scale, _shown(flow, sign), extra)
        if spread.height() <= available:
            flow = spread
    flow.draw(c, margin, body_top)


def _shown(flow: _Flow, sign: SignContent) -> int:
    """How many purposes a flow shows (each starts with the bullet)."""
    return sum(1 for ln in flow.lines if ln.droppable and ln.text.startswith(sign.bullet))


def _draw_label(c: Canvas, sign: SignContent) -> None:
    width, height = LABEL_SIZE
    margin = 4 * mm
    band = 17 * mm
    c.setFillColor(NAVY)
    c.rect(0, height - band, width, band, stroke=0, fill=1)
    tile = band - 5 * mm
    c.setFillColor(white)
    c.roundRect(margin, height - band + 2.5 * mm, tile, tile, 1.5 * mm, stroke=0, fill=1)
    pad = tile * 0.08
    draw_pictogram(c, margin + pad, height - band + 2.5 * mm + pad, tile - 2 * pad, INK, white)
    title_x = margin + tile + 3 * mm
    title_size = _fit_size(sign.title, width - title_x - margin, 24, 10)
    _draw_text(
        c, title_x, height - band / 2 - title_size * 0.35, sign.title, title_size, white, bold=True
    )
    qr = make_qr(sign.url)
    module = QR_SYMBOL_LABEL / qr.modules
    qr_total = module * qr.modules_with_quiet_zone
    qr_x = width - margin - qr_total + module * 3
    qr_y = (height - band - qr_total) / 2 + 1.5 * mm
    draw_qr(c, qr, qr_x, qr_y, QR_SYMBOL_LABEL)
    body_width = qr_x - margin - 1 * mm + module
    available = height - band - 2 * margin

    def build(scale: float, shown: int) -> _Flow:
        flow = _Flow(body_width)
        flow.add(sign.purpose_label, 6.5 * scale, NAVY, bold=True)
        if sign.face_recognition:
            flow.add(sign.face_recognition, 7.5 * scale, INK, bold=True, alert=True)
        _add_purposes(flow, sign, 7.5 * scale, shown, 0.0)
        flow.add(sign.operator_label, 6.5 * scale, NAVY, bold=True, space_before=3 * scale)
        flow.add(sign.operator, 7.5 * scale, INK)
        flow.add(sign.contact_label, 6.5 * scale, NAVY, bold=True, space_before=3 * scale)
        for line in sign.contact[:2]:
            flow.add(line, 7.5 * scale, INK)
        flow.add(sign.more_short, 6.5 * scale, NAVY, bold=True, space_before=3 * scale)
        flow.add(sign.url, 6.5 * scale, INK)
        return flow

    flow, _scale = _fit_flow(build, available, len(sign.purposes), _steps(1.0, 0.8, 0.05))
    flow.draw(c, margin, height - band - margin + 1 * mm)


def ordered_sizes(requested: Sequence[str]) -> list[str]:
    """A4 always first, then the other requested sizes in a fixed order, each once."""
    return ["A4", *[s for s in SIZES_ORDER[1:] if s in requested]]


def render_sign_pdf(sign: SignContent, sizes: Sequence[str], *, author: str = "") -> bytes:
    """The sign as PDF bytes, one page per size in :func:`ordered_sizes` order."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1, lang=sign.lang)
    c.setTitle(f"{sign.title} — {sign.site}")
    c.setAuthor(author)
    c.setCreator("privacam")
    c.setSubject(sign.url)
    for size in ordered_sizes(sizes):
        if size == "A4":
            c.setPageSize(A4)
            _draw_a4(c, sign)
        elif size == "A3":
            c.setPageSize(A3)
            factor = A3[0] / A4[0]
            assert math.isclose(factor, A3[1] / A4[1], rel_tol=1e-3)
            c.scale(factor, factor)
            _draw_a4(c, sign)
        else:
            c.setPageSize(LABEL_SIZE)
            _draw_label(c, sign)
        c.showPage()
    c.save()
    return buffer.getvalue()
