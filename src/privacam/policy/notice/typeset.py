"""Line breaking for Japanese and English by measured width.

Japanese has no spaces: a line may break between any two characters, except
that closing brackets and small kana never start a line and opening brackets
never end one (禁則処理). Latin words, numbers, e-mail addresses and URLs stay
whole where they fit and break between words; a word wider than the line is
split by character. One routine serves both languages.

>>> wrap("カメラ作動中です。", 100, width=lambda s: 20.0 * len(s))
['カメラ作動', '中です。']
>>> wrap("Camera in operation", 100, width=lambda s: 10.0 * len(s))
['Camera in', 'operation']
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Never at the start of a line (行頭禁則).
_NO_LINE_START = frozenset(
    "、。，．,.:;：；!?！？)]}）」』】〕〉》”’ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜～・"
)
#: Never at the end of a line (行末禁則).
_NO_LINE_END = frozenset("([{（「『【〔〈《“‘")
#: A Latin "word": letters, digits and the punctuation of addresses and numbers.
_TOKEN = re.compile(r"\s+|[A-Za-z0-9@._\-/:%+#=?&~,;'\"!()\[\]]+|.", re.DOTALL)


def _units(text: str) -> list[str]:
    """Unbreakable units: words, single CJK characters with kinsoku neighbours glued on."""
    units: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        if token.isspace():
            units.append(" ")
            glue_next = False
            continue
        if units and units[-1] != " " and (glue_next or token[0] in _NO_LINE_START):
            units[-1] += token
        else:
            units.append(token)
        glue_next = token[-1] in _NO_LINE_END
    return units


def _split_long(unit: str, max_width: float, width: Callable[[str], float]) -> list[str]:
    """Break a unit wider than the line by character, preferring just after '/' in URLs."""
    pieces: list[str] = []
    current = ""
    for ch in unit:
        if current and width(current + ch) > max_width:
            cut = current.rfind("/") + 1
            if 0 < cut < len(current):
                pieces.append(current[:cut])
                current = current[cut:]
            else:
                pieces.append(current)
                current = ""
        current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, max_width: float, *, width: Callable[[str], float]) -> list[str]:
    """Lines of ``text``, none wider than ``max_width`` as measured by ``width``.

    Hard line breaks in ``text`` are kept; spaces at a break are dropped.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit in _units(paragraph):
            if unit == " ":
                if line:
                    line += " "
                continue
            candidate = line + unit
            if width(candidate.rstrip()) <= max_width:
                line = candidate
                continue
            if line.strip():
                lines.append(line.rstrip())
            if width(unit) <= max_width:
                line = unit
            else:
                *full, line = _split_long(unit, max_width, width)
                lines.extend(full)
        lines.append(line.rstrip())
    return lines
