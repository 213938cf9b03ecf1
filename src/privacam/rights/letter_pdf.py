"""A :class:`~privacam.rights.letters.Letter` as PDF: A4, the notice's font, ja then en.

Drawn with ReportLab in the font the notice embeds (IPAexGothic unless
``PRIVACAM_FONT`` says otherwise), lines broken at Japanese phrase boundaries by the
notice's own typesetter; tables become one line per row, cells separated by " | ".
"""

from __future__ import annotations

import io
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from privacam.policy.notice.font import drawable, font_name, text_width
from privacam.policy.notice.typeset import wrap
from privacam.rights.letters import LANGUAGES, REQUEST_NAMES, Letter

MARGIN = 56.0  # points: about 2 cm
BODY, HEADING, TITLE = 10.0, 12.0, 15.0


class _Page:
    """A cursor down A4 pages that starts a new page when the next line does not fit."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def line(self, text: str, size: float = BODY, indent: float = 0.0) -> None:
        room = self.width - 2 * MARGIN - indent
        for part in wrap(text, room, width=partial(text_width, size=size)) or [""]:
            if self.y < MARGIN + size:
                self.canvas.showPage()
                self.y = self.height - MARGIN
            self.canvas.setFont(font_name(), size)
            self.canvas.drawString(MARGIN + indent, self.y - size, drawable(part))
            self.y -= size * 1.5

    def gap(self, points: float = 6.0) -> None:
        self.y -= points

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.height - MARGIN


def _header(page: _Page, letter: Letter, lang: str) -> None:
    request = letter.request
    kind = REQUEST_NAMES[request.kind.value].get(lang)
    received = request.received_at.date().isoformat()
    page.line(letter.title.get(lang), TITLE)
    page.line(letter.date)
    page.line(letter.sender.get(lang))
    if lang == "ja":
        page.line(f"受付番号: {request.request_id}（{kind}、受付日 {received}）")
    else:
        page.line(f"Request {request.request_id} ({kind}, received {received})")
    page.gap(10)


def render_pdf(letter: Letter) -> bytes:
    """The letter as PDF bytes (nothing is written: the caller writes them atomically)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(f"{letter.title.ja} / {letter.title.en}")
    page = _Page(canvas)
    for number, lang in enumerate(LANGUAGES):
        if number:
            page.new_page()
        _header(page, letter, lang)
        for section in letter.sections:
            page.line(section.heading.get(lang), HEADING)
            for paragraph in section.paragraphs:
                page.line(paragraph.get(lang))
            if section.table is not None:
                page.line(" | ".join(c.get(lang) for c in section.table.columns), indent=8)
                for row in section.table.rows:
                    page.line(" | ".join(row), indent=8)
            page.gap()
        if letter.basis:
            label = "根拠" if lang == "ja" else "Basis"
            page.line(f"{label}: {', '.join(letter.basis)}")
    canvas.save()
    return buffer.getvalue()
