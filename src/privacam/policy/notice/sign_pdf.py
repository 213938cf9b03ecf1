"""The on-site sign as a PDF: A4 first, then A3 and a small label if asked for.

Layout (A4): a dark header band with the camera pictogram and カメラ作動中;
the operator; the purpose (with a highlighted line when face recognition is
used); what is captured and generated; what happens to the camera images; and
a footer block with the contact point, the URL and a QR code whose symbol is
42 mm square (GB §3 items 1–6). A3 is the same page scaled by √2. The label
(100 × 70 mm) carries purpose, operator, contact and URL/QR, as GB §3 allows.

Text takes the largest size that fits, down to the minimum legible size of
:data:`MIN_TEXT_MM` and never below it. The six minimum items are never dropped
or cut: when the text does not fit even at the minimum, only what the guidebook
does not require on the sign makes room (the note on camera images on A4, the
operator on the label; the web notice has both), and failing that
:class:`SignDoesNotFit` names the item and the size, so that the file is fixed
instead of a sign being printed without it.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from privacam.errors import InputError
from privacam.policy.notice.content import SignContent
from privacam.policy.notice.font import drawable, font_name, text_width
from privacam.policy.notice.pictogram import draw_pictogram
from privacam.policy.notice.qr import QUIET_ZONE, draw_qr, make_qr
from privacam.policy.notice.typeset import wrap

logger = logging.getLogger(__name__)

NAVY = HexColor("#123B6D")
INK = HexColor("#1A1A1A")
MUTED = HexColor("#5A6470")
ALERT_BG = HexColor("#FFD23F")
RULE = HexColor("#C9D2DC")
DRAFT_INK = HexColor("#C62828")
LABEL_SIZE = (100 * mm, 70 * mm)
#: QR symbol side on A4 (GB §3: scannable from arm's length; ≥ 40 mm).
QR_SYMBOL_A4 = 42 * mm
QR_SYMBOL_LABEL = 26 * mm
SIZES_ORDER = ("A4", "A3", "label")
#: The smallest type a sign's items may be set in: the font size (em) in millimetres.
#: An A4 sign is read from a step or two away, so 3.5 mm (about 10 pt); A3 is A4
#: enlarged by √2, so its minimum is 4.9 mm. A 100 × 70 mm label is read from close
#: by: 2.0 mm (about 5.7 pt, just above the 5.5 pt that Japan's food labelling
#: standard allows on the smallest packages).
MIN_TEXT_MM = {"A4": 3.5, "label": 2.0}
#: The mark of a draft: diagonal across every page, never on a sign that is put up.
DRAFT_MARK = "案 / DRAFT"
_MM_PER_PT = 25.4 / 72


def min_text_pt(page: str) -> float:
    """:data:`MIN_TEXT_MM` of a page kind in points."""
    return MIN_TEXT_MM[page] / _MM_PER_PT


class SignDoesNotFit(InputError):
    """An item of the sign does not fit its page even at the minimum legible size."""


@dataclass(frozen=True)
class SignItem:
    """What a line of the sign shows, for naming it when it does not fit."""

    heading: str  # as on the sign
    field: str  # where it comes from in the deployment file


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    color: Color
    bold: bool = False
    indent: float = 0.0
    space_before: float = 0.0
    alert: bool = False  # drawn on a highlighted band
    item: SignItem | None = None


def _draw_text(
    c: Canvas, x: float, y: float, text: str, size: float, color: Color, bold: bool = False
) -> None:
    """One line at baseline y; IPAexGothic has no bold face, so bold is fill plus stroke."""
    # The text render mode is graphics state and outlives the text object, and ReportLab
    # omits a mode it believes current: keep it inside a save/restore so it cannot leak.
    c.saveState()
    obj = c.beginText(x, y)
    obj.setFont(font_name(), size)
    obj.setFillColor(color)
    if bold:
        obj.setTextRenderMode(2)
        c.setStrokeColor(color)
        c.setLineWidth(size * 0.035)
    obj.textLine(drawable(text))
    c.drawText(obj)
    c.restoreState()


def _measure(size: float) -> Callable[[str], float]:
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
        item: SignItem | None = None,
        bold: bool = False,
        indent: float = 0.0,
        space_before: float = 0.0,
        bullet: str = "",
        alert: bool = False,
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
                    item,
                )
            )

    def height(self) -> float:
        return sum(line.space_before + line.size * self.LEADING for line in self.lines)

    def smallest(self) -> float:
        """The smallest type in the flow, in points."""
        return min((line.size for line in self.lines), default=math.inf)

    def draw(self, c: Canvas, x: float, top: float) -> float:
        y = top
        for line in self.lines:
            y -= line.space_before
            step = line.size * self.LEADING
            shift = 0.0
            if line.alert:
                c.setFillColor(ALERT_BG)
                c.roundRect(x, y - step, self.width, step, line.size * 0.25, stroke=0, fill=1)
                shift = line.size * 0.5
            _draw_text(
                c,
                x + line.indent + shift,
                y - line.size * 1.05,
                line.text,
                line.size,
                line.color,
                line.bold,
            )
            y -= step
        return y


def _scales(largest: float, smallest: float, step: float) -> list[float]:
    """From ``largest`` down to ``smallest`` by ``step``, ending exactly at ``smallest``."""
    count = max(0, math.floor((largest - smallest) / step + 1e-9))
    scales = [largest - i * step for i in range(count + 1)]
    return [*scales, smallest] if scales[-1] - smallest > 1e-9 else scales


def _fit(
    build: Callable[[float], _Flow], available: float, largest: float, min_pt: float
) -> tuple[_Flow, float] | None:
    """The flow at the largest scale (of ``largest`` and below) that fits ``available``,
    its type never under ``min_pt``; None when even the minimum does not fit."""
    smallest = min_pt / build(1.0).smallest()
    if smallest > largest:
        smallest = largest
    for scale in _scales(largest, smallest, 0.04):
        flow = build(scale)
        if flow.height() <= available:
            return flow, scale
    return None


def _does_not_fit(
    page: str, lang: str, flows: Sequence[_Flow], available: float, min_mm: float
) -> SignDoesNotFit:
    """The error naming the section that takes the most room at the minimum size, and the
    field of the file behind it (or how many, when it is several purposes)."""
    heights: dict[str, float] = {}
    fields: dict[str, list[str]] = {}
    for flow in flows:
        for line in flow.lines:
            if line.item is not None:
                step = line.space_before + line.size * _Flow.LEADING
                heights[line.item.heading] = heights.get(line.item.heading, 0.0) + step
                seen = fields.setdefault(line.item.heading, [])
                if line.item.field not in seen:
                    seen.append(line.item.field)
    heading = max(heights, key=heights.__getitem__)
    found = [f for f in fields[heading] if "[" in f] or fields[heading]  # purposes[id] first
    field = found[0] if len(found) == 1 else f"{found[0].split('[')[0]}, {len(found)} items"
    over = sum(flow.height() for flow in flows) - available
    name = heading if len(heading) <= 30 else heading[:29] + "…"
    return SignDoesNotFit(
        f"{page} の掲示（{lang}）: 「{name}」（{field}）が最小の文字サイズ "
        f"{min_mm} mm でも収まりません。短くしてください / the {page} sign ({lang}) cannot "
        f"hold '{name}' ({field}) even at the minimum text size of {min_mm} mm "
        f"({over / mm:.0f} mm too long): shorten it in the deployment file"
        + ("" if page == "A4" else f" or leave {page} out of cameras[].notice.sizes")
    )


def _items(sign: SignContent) -> dict[str, SignItem]:
    return {
        "operator": SignItem(sign.operator_label, "operator.name"),
        "purpose": SignItem(sign.purpose_label, "purposes"),
        "captured": SignItem(sign.captured_label, "purposes[].data_item"),
        "generated": SignItem(sign.generated_label, "inferred_attributes"),
        "raw_image": SignItem(sign.raw_image_label, "case"),
        "contact": SignItem(sign.contact_label, "inquiry"),
        "url": SignItem("URL", "notice_url"),
        "site": SignItem(sign.site, "site.name"),
    }


def _add_purposes(flow: _Flow, sign: SignContent, size: float, gap: float) -> None:
    for purpose, purpose_id in zip(sign.purposes, sign.purpose_ids, strict=True):
        flow.add(
            purpose,
            size,
            INK,
            item=SignItem(sign.purpose_label, f"purposes[{purpose_id}]"),
            bullet=sign.bullet,
            space_before=gap,
        )


def _body_flow(
    sign: SignContent, width: float, scale: float, *, raw_image: bool, extra_gap: float = 0.0
) -> _Flow:
    label, value, gap = 11.5 * scale, 15.5 * scale, 11 * scale + extra_gap
    items = _items(sign)
    flow = _Flow(width)
    flow.add(sign.operator_label, label, NAVY, item=items["operator"], bold=True)
    flow.add(sign.operator, value + 2 * scale, INK, item=items["operator"], bold=True)
    flow.add(sign.purpose_label, label, NAVY, item=items["purpose"], bold=True, space_before=gap)
    if sign.face_recognition:
        flow.add(
            sign.face_recognition,
            value,
            INK,
            item=items["purpose"],
            bold=True,
            alert=True,
            space_before=2 * scale,
        )
    _add_purposes(flow, sign, value, 2 * scale)
    flow.add(sign.captured_label, label, NAVY, item=items["captured"], bold=True, space_before=gap)
    for text in sign.captured:
        flow.add(text, value, INK, item=items["captured"], bullet=sign.bullet)
    flow.add(
        sign.generated_label, label, NAVY, item=items["generated"], bold=True, space_before=gap
    )
    for text in sign.generated:
        flow.add(text, value, INK, item=items["generated"], bullet=sign.bullet)
    if raw_image:
        item = items["raw_image"]
        flow.add(sign.raw_image_label, label, NAVY, item=item, bold=True, space_before=gap)
        flow.add(sign.raw_image, value, INK, item=item, bullet=sign.bullet)
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
    # The site name gets two lines in the band, shrinking to fit but never below the minimum.
    site_size, site_lines = 15.0, []
    min_pt = min_text_pt("A4")
    while True:
        site_lines = wrap(sign.site, text_width_max, width=_measure(site_size))
        if len(site_lines) <= 2 or site_size <= min_pt:
            break
        site_size = max(min_pt, site_size - 0.5)
    if len(site_lines) > 2:
        flow = _Flow(text_width_max)
        flow.add(sign.site, site_size, item=_items(sign)["site"])
        raise _does_not_fit("A4", sign.lang, [flow], 2 * site_size * 1.35, MIN_TEXT_MM["A4"])
    block = title_size * 1.1 + len(site_lines) * site_size * 1.35 + 3 * mm
    top = tile_y + tile / 2 + block / 2
    _draw_text(c, text_x, top - title_size * 0.9, sign.title, title_size, white, bold=True)
    y = top - title_size * 1.1 - 3 * mm
    for line in site_lines:
        _draw_text(c, text_x, y - site_size * 0.9, line, site_size, white)
        y -= site_size * 1.35


def _footer_flow(sign: SignContent, width: float, scale: float) -> _Flow:
    items = _items(sign)
    flow = _Flow(width)
    flow.add(sign.contact_label, 11.5 * scale, NAVY, item=items["contact"], bold=True)
    for i, line in enumerate(sign.contact):
        size = (14 if i == 0 else 12.5) * scale
        flow.add(line, size, INK, item=items["contact"], bold=i == 0)
    flow.add(sign.more, 10.5 * scale, NAVY, item=items["url"], bold=True, space_before=8 * scale)
    flow.add(sign.url, 12.5 * scale, INK, item=items["url"])
    return flow


def _footer_block(c: Canvas, sign: SignContent, width: float, bottom: float) -> tuple[float, _Flow]:
    """Contact, URL and QR along the bottom of an A4 page; returns the block's top edge and
    its text (which grows above the QR code when it is taller)."""
    margin = 15 * mm
    qr = make_qr(sign.url)
    module = QR_SYMBOL_A4 / qr.modules
    qr_total = module * qr.modules_with_quiet_zone
    qr_x = width - margin - qr_total + module * QUIET_ZONE  # align the symbol's edge
    draw_qr(c, qr, qr_x, bottom, QR_SYMBOL_A4)
    caption = 9.5
    scan_w = text_width(sign.scan, caption)
    symbol_center = qr_x + qr_total / 2
    _draw_text(c, symbol_center - scan_w / 2, bottom - caption * 1.1, sign.scan, caption, MUTED)
    left_width = qr_x - margin - 6 * mm
    symbol_top = bottom + qr_total - module * QUIET_ZONE
    room = symbol_top - bottom

    def build(scale: float) -> _Flow:
        return _footer_flow(sign, left_width, scale)

    fitted = _fit(build, room, 1.0, min_text_pt("A4"))
    flow = fitted[0] if fitted else build(min_text_pt("A4") / build(1.0).smallest())
    text_top = max(symbol_top + 1, bottom + flow.height())
    flow.draw(c, margin, text_top)
    top = max(bottom + qr_total, text_top)
    c.setStrokeColor(RULE)
    c.setLineWidth(1)
    c.line(margin, top + 6 * mm, width - margin, top + 6 * mm)
    return top + 6 * mm, flow


def _draw_a4(c: Canvas, sign: SignContent) -> None:
    width, height = A4
    margin = 15 * mm
    band = 58 * mm
    _header(c, sign, width, height, band)
    footer_size = 7.5
    _draw_text(c, margin, 8 * mm, sign.footer, footer_size, MUTED)
    block_top, footer = _footer_block(c, sign, width, 17 * mm)
    body_top = height - band - 10 * mm
    available = body_top - block_top - 6 * mm
    body_width = width - 2 * margin
    # Largest type that fits: a sign with little to say uses the room to be readable.
    min_pt = min_text_pt("A4")
    fitted = _fit(lambda s: _body_flow(sign, body_width, s, raw_image=True), available, 1.3, min_pt)
    raw_image = fitted is not None
    if fitted is None:
        fitted = _fit(
            lambda s: _body_flow(sign, body_width, s, raw_image=False), available, 1.3, min_pt
        )
        if fitted is not None:
            logger.warning(
                "the %s A4 sign leaves out '%s' to fit its required items; the web notice "
                "still states it",
                sign.lang,
                sign.raw_image_label,
            )
    if fitted is None:
        smallest = _body_flow(sign, body_width, 1.0, raw_image=False).smallest()
        body = _body_flow(sign, body_width, min_pt / smallest, raw_image=False)
        raise _does_not_fit("A4", sign.lang, [body, footer], available, MIN_TEXT_MM["A4"])
    flow, scale = fitted
    if flow.height() < available:
        # Spread what room is left between the four sections after the operator.
        extra = min((available - flow.height()) / 5, 10 * scale)
        spread = _body_flow(sign, body_width, scale, raw_image=raw_image, extra_gap=extra)
        if spread.height() <= available:
            flow = spread
    flow.draw(c, margin, body_top)


def _label_flow(sign: SignContent, width: float, scale: float, *, operator: bool) -> _Flow:
    items = _items(sign)
    label, value = 6.5 * scale, 7.5 * scale
    flow = _Flow(width)
    flow.add(sign.purpose_label, label, NAVY, item=items["purpose"], bold=True)
    if sign.face_recognition:
        flow.add(sign.face_recognition, value, INK, item=items["purpose"], bold=True, alert=True)
    _add_purposes(flow, sign, value, 0.0)
    if operator:
        item = items["operator"]
        flow.add(sign.operator_label, label, NAVY, item=item, bold=True, space_before=3 * scale)
        flow.add(sign.operator, value, INK, item=item)
    item = items["contact"]
    flow.add(sign.contact_label, label, NAVY, item=item, bold=True, space_before=3 * scale)
    for line in sign.contact:
        flow.add(line, value, INK, item=item)
    item = items["url"]
    flow.add(sign.more_short, label, NAVY, item=item, bold=True, space_before=3 * scale)
    flow.add(sign.url, label, INK, item=item)
    return flow


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
    min_pt = min_text_pt("label")
    fitted = _fit(lambda s: _label_flow(sign, body_width, s, operator=True), available, 1.2, min_pt)
    if fitted is None:
        # GB §3: a small sign may carry purpose, contact and URL/QR only.
        fitted = _fit(
            lambda s: _label_flow(sign, body_width, s, operator=False), available, 1.2, min_pt
        )
    if fitted is None:
        smallest = _label_flow(sign, body_width, 1.0, operator=False).smallest()
        flow = _label_flow(sign, body_width, min_pt / smallest, operator=False)
        raise _does_not_fit("label", sign.lang, [flow], available, MIN_TEXT_MM["label"])
    fitted[0].draw(c, margin, height - band - margin + 1 * mm)


def _draw_draft_mark(c: Canvas, width: float, height: float) -> None:
    """「案 / DRAFT」 diagonally across the page, translucent so that the sign stays legible
    (and its QR code scannable) while nobody can mistake it for the finished sign."""
    size = min(width, height) * 0.16
    c.saveState()
    c.setFillColor(DRAFT_INK)
    c.setFillAlpha(0.28)
    c.translate(width / 2, height / 2)
    c.rotate(math.degrees(math.atan2(height, width)))
    obj = c.beginText()
    obj.setFont(font_name(), size)
    obj.setTextOrigin(-text_width(DRAFT_MARK, size) / 2, -size * 0.35)
    obj.textLine(DRAFT_MARK)
    c.drawText(obj)
    c.restoreState()


def ordered_sizes(requested: Sequence[str]) -> list[str]:
    """A4 always first, then the other requested sizes in a fixed order, each once."""
    return ["A4", *[s for s in SIZES_ORDER[1:] if s in requested]]


def render_sign_pdf(
    sign: SignContent, sizes: Sequence[str], *, author: str = "", draft: bool = False
) -> bytes:
    """The sign as PDF bytes, one page per size in :func:`ordered_sizes` order; a
    ``draft`` carries :data:`DRAFT_MARK` across every page.

    Raises :class:`SignDoesNotFit` when an item does not fit a page at the minimum size.
    """
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1, lang=sign.lang)
    title = f"{sign.title} — {sign.site}"
    c.setTitle(f"{DRAFT_MARK}: {title}" if draft else title)
    c.setAuthor(author)
    c.setCreator("privacam")
    c.setSubject(sign.url)
    for size in ordered_sizes(sizes):
        if size == "A4":
            c.setPageSize(A4)
            _draw_a4(c, sign)
            page = A4
        elif size == "A3":
            c.setPageSize(A3)
            factor = A3[0] / A4[0]
            assert math.isclose(factor, A3[1] / A4[1], rel_tol=1e-3)
            c.scale(factor, factor)
            _draw_a4(c, sign)
            page = A4  # drawn in A4 units, scaled
        else:
            c.setPageSize(LABEL_SIZE)
            _draw_label(c, sign)
            page = LABEL_SIZE
        if draft:
            _draw_draft_mark(c, *page)
        c.showPage()
    c.save()
    return buffer.getvalue()
