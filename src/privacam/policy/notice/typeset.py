"""Line breaking for Japanese and English by measured width.

One routine serves both languages, on the sign and in the assessment PDF:

- English, and every Latin run inside Japanese (numbers, e-mail addresses, URLs),
  breaks only at spaces, so words stay whole.
- Japanese breaks between phrases (文節), which BudouX finds, so that a word is not
  split across lines where a line can hold it; only where that would leave a line less
  than half full (narrow columns) is the next phrase split between characters.
- At every break the kinsoku rules (禁則処理) hold: closing brackets, punctuation,
  small kana and the prolonged sound mark never start a line, and opening brackets
  never end one.
- A unit wider than a whole line (a long URL or phrase) is split between characters,
  still under kinsoku, and a URL or dotted name preferably after a '/', '.', '_' or '-'.
- A paragraph's last line never holds only one or two characters: the phrase before
  them moves down to join them.

>>> wrap("カメラ画像は解析後すぐに破棄します。", 160, width=lambda s: 20.0 * len(s))
['カメラ画像は', '解析後すぐに', '破棄します。']
>>> wrap("Camera in operation", 100, width=lambda s: 10.0 * len(s))
['Camera in', 'operation']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from itertools import accumulate, pairwise

import budoux

#: Never at the start of a line (行頭禁則).
NO_LINE_START = frozenset(
    "、。，．,.:;：；!?！？)]}）」』】〕〉》”’ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜～・"
)
#: Never at the end of a line (行末禁則).
NO_LINE_END = frozenset("([{（「『【〔〈《“‘")
#: Characters of a Latin "word": letters, digits and the punctuation of addresses and numbers.
_LATIN = re.compile(r"[A-Za-z0-9@._\-/:%+#=?&~,;'\"!()\[\]]")
#: Where a Latin word too wide for a line splits first: after the parts of a URL or name.
_SEAMS = frozenset("/._-")
#: A Japanese line broken at a phrase must be this full; else the next phrase is split
#: between characters to fill it (narrow columns would otherwise hold a word a line).
MIN_FILL = 0.5
#: A last line with this many characters or fewer is an orphan, and is avoided.
ORPHAN_CHARS = 2

#: The width a line may take: one for all lines, or one per line (the last one repeats).
MaxWidth = float | Sequence[float]


@cache
def _phrase_parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def _allowed(text: str, i: int) -> bool:
    """Whether a line may start at ``text[i]`` (0 < i < len(text)) after the spaces before it."""
    before, after = text[i - 1], text[i]
    if after.isspace():
        return False  # spaces stay at the end of the line before; the break comes after them
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (_LATIN.match(before) and _LATIN.match(after))


@lru_cache(maxsize=8192)
def break_points(text: str) -> tuple[int, ...]:
    """Where lines may start in ``text`` (one paragraph, no line breaks): after spaces and
    between BudouX phrases, never inside a Latin word or against the kinsoku rules."""
    points = set()
    for i in range(1, len(text)):
        if text[i - 1].isspace() and not text[i].isspace():
            points.add(i)
    for offset in accumulate(len(phrase) for phrase in _phrase_parser().parse(text)):
        points.add(offset)
    return tuple(sorted(i for i in points if 0 < i < len(text) and _allowed(text, i)))


def _explode(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A unit as smaller units, for when it is too wide for a line or would leave a line
    short: a URL's or a name's parts after each '/', '.', '_' or '-', else its characters, with kinsoku kept and,
    inside Japanese, Latin runs (numbers, times) whole."""
    allowed = [
        i
        for i in range(start + 1, end)
        if not text[i].isspace() and text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END
    ]
    if _LATIN.match(text[start]):
        seams = [i for i in allowed if text[i - 1] in _SEAMS and text[i] not in _SEAMS]
        cuts = seams or allowed
    else:
        cuts = [i for i in allowed if not (_LATIN.match(text[i - 1]) and _LATIN.match(text[i]))]
        cuts = cuts or allowed
    bounds = [start, *cuts, end]
    return list(pairwise(bounds))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def line_spans(text: str, advances: Sequence[float], max_width: MaxWidth) -> list[tuple[int, int]]:
    """Lines of one paragraph as ``(start, end)`` indices into ``text``, spaces at the
    breaks left out. ``advances[i]`` is the width of ``text[i]``."""
    if not text.strip():
        return [(0, 0)]
    widths = [max_width] if isinstance(max_width, int | float) else list(max_width)

    def room(line: int) -> float:
        return widths[min(line, len(widths) - 1)]

    prefix = [0.0, *accumulate(advances)]

    def measure(start: int, end: int) -> float:
        s, e = _trim(text, start, end)
        return prefix[e] - prefix[s]

    points = [0, *break_points(text), len(text)]
    units = list(pairwise(points))
    lines: list[tuple[int, int]] = []
    line_start: int | None = None
    i = 0
    while i < len(units):
        start, end = units[i]
        width = room(len(lines))
        if measure(start, end) > width:
            smaller = _explode(text, start, end)
            if len(smaller) > 1:
                units[i : i + 1] = smaller
                continue
        if line_start is None:
            line_start = start  # a line takes at least one unit, even one too wide
        elif measure(line_start, end) > width:
            if measure(line_start, start) < MIN_FILL * width and not _LATIN.match(text[start]):
                smaller = _explode(text, start, end)
                if len(smaller) > 1:  # fill the short line with the phrase's first characters
                    units[i : i + 1] = smaller
                    continue
            lines.append((line_start, start))
            line_start = None
            continue
        i += 1
    if line_start is not None:
        lines.append((line_start, len(text)))
    starts = [start for start, _ in units]
    spans = [_trim(text, a, b) for a, b in lines]
    return _avoid_orphan(text, spans, starts, measure, room)


def _avoid_orphan(
    text: str,
    spans: list[tuple[int, int]],
    starts: list[int],
    measure: Callable[[int, int], float],
    room: Callable[[int], float],
) -> list[tuple[int, int]]:
    """Move text from the end of the line before down while the last line holds one or two
    characters alone: the last phrase if it fits, else the last characters of that phrase."""
    if len(spans) < 2 or spans[-1][1] - spans[-1][0] > ORPHAN_CHARS:
        return spans
    (a, b), (_c, d) = spans[-2], spans[-1]
    unit_starts = [p for p in starts if a < p < b]
    last_unit = unit_starts[-1] if unit_starts else a
    cuts = sorted({*unit_starts, *(lo for lo, _ in _explode(text, last_unit, b)[1:])})
    for cut in reversed(cuts):
        moved = _trim(text, cut, d)
        if measure(*moved) > room(len(spans) - 1):
            break  # moving more only makes the last line wider
        if moved[1] - moved[0] > ORPHAN_CHARS:
            return [*spans[:-2], _trim(text, a, cut), moved]
    return spans


def wrap(text: str, max_width: MaxWidth, *, width: Callable[[str], float]) -> list[str]:
    """Lines of ``text``, none wider than ``max_width`` as measured by ``width``.

    Hard line breaks in ``text`` are kept; spaces at a break are dropped.
    """
    char_width: dict[str, float] = {}

    def advance(ch: str) -> float:
        if ch not in char_width:
            char_width[ch] = width(ch)
        return char_width[ch]

    lines: list[str] = []
    for paragraph in text.split("\n"):
        spans = line_spans(paragraph, [advance(ch) for ch in paragraph], max_width)
        lines += [paragraph[a:b] for a, b in spans]
    return lines
