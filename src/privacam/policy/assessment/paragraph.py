"""A ReportLab paragraph that breaks its lines like the sign does.

ReportLab's own CJK wrapping breaks between any two characters and, in a narrow
table cell, inside English words ("warni / ng"); it hangs one closing character at
most and knows nothing of phrases. This paragraph keeps ReportLab's markup (fonts,
colours, ``<br/>``) and takes its line breaks from
:func:`privacam.policy.notice.typeset.line_spans`: English at spaces, Japanese
between phrases, kinsoku, no orphaned last line.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import FragLine, ParaLines, cjkU, makeCJKParaLine

from privacam.policy.notice.font import drawable
from privacam.policy.notice.typeset import line_spans

_ENCODING = "utf-8"


def _glyphs(frags: Sequence) -> list[cjkU]:
    """One glyph per character, each knowing its fragment (font, size, colour)."""
    glyphs: list[cjkU] = []
    for frag in frags:
        text = frag.text.decode(_ENCODING) if isinstance(frag.text, bytes) else frag.text
        if text:
            glyphs.extend(cjkU(ch, frag, _ENCODING) for ch in text)
        elif hasattr(frag, "lineBreak"):
            glyphs.append(cjkU("", frag, _ENCODING))  # <br/>
    return glyphs


def _paragraph_lines(
    glyphs: list[cjkU], max_widths: Sequence[float], calc_bounds: bool
) -> list[FragLine]:
    lines: list[FragLine] = []

    def room(index: int) -> float:
        return max_widths[min(index, len(max_widths) - 1)]

    start = 0
    for end in range(len(glyphs) + 1):
        forced = end < len(glyphs) and hasattr(glyphs[end].frag, "lineBreak")
        if end < len(glyphs) and not forced:
            continue
        segment = glyphs[start:end]
        text = "".join(segment)
        widths = list(max_widths[len(lines) :]) or [max_widths[-1]]
        spans = line_spans(text, [g.width for g in segment], widths)
        for i, (a, b) in enumerate(spans):
            last = i == len(spans) - 1
            line = segment[a:b]
            if last and forced:
                line = [*line, glyphs[end]]  # ReportLab keeps the <br/> glyph on its line
            if not line:
                continue
            used = sum(g.width for g in line)
            width = room(len(lines))
            lines.append(
                makeCJKParaLine(line, width, used, width - used, last and forced, calc_bounds)
            )
        start = end + 1
    return lines


class PhraseParagraph(Paragraph):
    """A :class:`Paragraph` (style ``wordWrap="CJK"``) with privacam's line breaking, set in
    characters the font can draw (see :func:`privacam.policy.notice.font.drawable`)."""

    def __init__(self, text: str | None, style=None, *args, **kwargs) -> None:
        # Splitting across pages builds the halves from frags, with text None.
        super().__init__(drawable(text) if text is not None else None, style, *args, **kwargs)

    def breakLinesCJK(self, maxWidths):  # ReportLab calls it by this name
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # the second half of a paragraph split across pages
        if not self.frags or self.bulletText:
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        lines = _paragraph_lines(
            _glyphs(self.frags), list(maxWidths), auto_leading not in ("", "off")
        )
        return ParaLines(kind=1, lines=lines)
