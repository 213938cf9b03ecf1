"""The one font the notice is set in, and what it can draw.

The default is IPAexGothic, shipped by the ``japanize-matplotlib`` wheel; we find
the file through the import system without importing that package (which would
import matplotlib). ``PRIVACAM_FONT`` points to another TrueType font. ReportLab
embeds only TrueType outlines (``glyf``), not CFF-flavoured OpenType, so an
override is checked before anything is drawn.

>>> sorted(font_covers("カメラ作動中 ≤"))
['≤']
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import struct
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont as FontToolsFont
from fontTools.ttLib import TTLibError
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from privacam.errors import InputError

FONT_ENV = "PRIVACAM_FONT"
#: Name under which the font is registered with ReportLab.
FONT_NAME = "PrivacamNoticeFont"
#: Characters that need no glyph: line breaks and spaces are layout, not ink.
_LAYOUT_CHARS = frozenset("\n\r\t ")
#: Stand-ins for characters a font may lack, from the JIS X 0208 repertoire that Japanese
#: fonts have: IPAexGothic draws ≧ and ≦ but not the mathematical ≥ and ≤ (U+2265/2264).
SUBSTITUTES = {
    "≥": "≧",
    "≤": "≦",
    "µ": "μ",
    "™": "TM",
    "✔": "✓",
    "✗": "×",
    "\u2009": " ",  # thin space
    "\u200b": "",  # zero-width space
}


@cache
def default_font_path() -> Path | None:
    """IPAexGothic inside the installed ``japanize_matplotlib`` package, if present."""
    spec = importlib.util.find_spec("japanize_matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "fonts" / "ipaexg.ttf"
        if candidate.is_file():
            return candidate
    return None


def font_path() -> Path:
    """The font file to use: ``PRIVACAM_FONT`` if set, else IPAexGothic."""
    override = os.environ.get(FONT_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise InputError(
                f"{FONT_ENV}={override}: no such font file; point it to a TrueType (.ttf) font "
                f"or unset it to use IPAexGothic"
            )
        return path
    path = default_font_path()
    if path is None:
        raise InputError(
            "no Japanese font found: install japanize-matplotlib (ships IPAexGothic) "
            f"or set {FONT_ENV} to a TrueType (.ttf) font"
        )
    return path


@cache
def _load(path: Path, mtime: float) -> tuple[frozenset[int], str]:
    """Code points the font maps, and its registered ReportLab name (cached per file)."""
    try:
        font = FontToolsFont(str(path), lazy=True)
        has_outlines = "glyf" in font
        cmap = font.getBestCmap() or {}
        font.close()
    except (TTLibError, OSError, AssertionError, KeyError, struct.error) as error:
        raise InputError(
            f"{path}: not a readable TrueType font ({error}); set {FONT_ENV} to a .ttf file"
        ) from None
    if not has_outlines:
        raise InputError(
            f"{path}: has no TrueType (glyf) outlines; ReportLab cannot embed CFF/OpenType "
            f"fonts, so set {FONT_ENV} to a .ttf font such as IPAexGothic"
        )
    # A stable name per file (not hash(), which changes per process) keeps PDFs reproducible.
    name = f"{FONT_NAME}-{hashlib.sha256(f'{path}:{mtime}'.encode()).hexdigest()[:8]}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except Exception as error:  # ReportLab raises bare TTFError and others
        raise InputError(f"{path}: ReportLab cannot use this font ({error})") from None
    return frozenset(cmap), name


def _current() -> tuple[frozenset[int], str]:
    return _for_setting(os.environ.get(FONT_ENV, ""))


@cache
def _for_setting(setting: str) -> tuple[frozenset[int], str]:
    """The font for one value of ``PRIVACAM_FONT`` (errors are raised, never cached)."""
    del setting  # the cache key; font_path() reads the same variable
    path = font_path().resolve()
    return _load(path, path.stat().st_mtime)


def font_name() -> str:
    """The ReportLab name of the notice font, registered on first use."""
    return _current()[1]


def font_covers(text: str) -> set[str]:
    """The characters of ``text`` the font has no glyph for (empty set: all drawable)."""
    cmap = _current()[0]
    return {ch for ch in text if ch not in _LAYOUT_CHARS and ord(ch) not in cmap}


def drawable(text: str) -> str:
    """``text`` with each character the font lacks replaced by a stand-in it has, if any.

    >>> drawable("k ≥ 2, t ≤ 60 s")
    'k ≧ 2, t ≦ 60 s'
    """
    cmap = _current()[0]
    table = {
        ord(ch): stand_in
        for ch, stand_in in SUBSTITUTES.items()
        if ch in text and ord(ch) not in cmap and all(ord(c) in cmap for c in stand_in)
    }
    return text.translate(table) if table else text


def text_width(text: str, size: float) -> float:
    """Width in points of ``text`` set in the notice font at ``size`` points, as drawn
    (with :func:`drawable`'s stand-ins)."""
    return pdfmetrics.stringWidth(drawable(text), font_name(), size)
