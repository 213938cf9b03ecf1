"""The font can draw every character the notice prints; overrides and extra languages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from privacam.errors import InputError
from privacam.policy.notice import content as content_module
from privacam.policy.notice import font_covers, render_notice
from privacam.policy.notice.content import build_content
from privacam.policy.notice.font import FONT_ENV, default_font_path
from privacam.policy.notice.labels import LABELS
from tests.policy.conftest import CASES, load_data, template_data

NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_font_covers_every_string_on_sign_and_web(case: str, lang: str) -> None:
    loaded = load_data(template_data(case))
    content = build_content(loaded.public, lang, loaded.sha256, NOW)
    strings = content.strings()
    assert len(strings) > 50  # the collection is real, not empty
    assert font_covers("".join(strings)) == set()


def test_font_covers_every_built_in_label() -> None:
    for lang, labels in LABELS.items():
        assert font_covers("".join(labels.values())) == set(), lang


def test_font_covers_the_text_actually_drawn(tmp_path: Path) -> None:
    render_notice(load_data(template_data("repeat")), tmp_path, now=NOW)
    for lang in ("ja", "en"):
        document = pdfium.PdfDocument(tmp_path / f"sign-{lang}.pdf")
        drawn = "".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        assert len(drawn) > 200
        assert font_covers(drawn) == set()


def test_font_reports_what_it_lacks() -> None:
    assert font_covers("≤😀カメラ") == {"≤", "😀"}
    assert font_covers("카메라") == {"카", "메", "라"}  # IPAexGothic has no Hangul
    assert font_covers("カメラ作動中 Camera\n") == set()


def test_missing_font_override_is_an_input_error(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "no-such-font.ttf"))
    with pytest.raises(InputError, match=r"PRIVACAM_FONT=.*no such font file"):
        render_notice(load_data(template_data("counting")), tmp_path / "out", now=NOW)
    assert not (tmp_path / "out").exists()


def test_unusable_font_override_is_an_input_error(monkeypatch, tmp_path: Path) -> None:
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"this is not a font")
    monkeypatch.setenv(FONT_ENV, str(fake))
    with pytest.raises(InputError, match="not a readable TrueType font"):
        font_covers("カ")


def test_font_override_to_a_real_ttf_is_used(monkeypatch, tmp_path: Path) -> None:
    default = default_font_path()
    assert default is not None
    copy = tmp_path / "copy.ttf"
    copy.write_bytes(default.read_bytes())
    monkeypatch.setenv(FONT_ENV, str(copy))
    manifest = render_notice(load_data(template_data("counting")), tmp_path / "out", now=NOW)
    assert manifest.languages == ["ja", "en"]


def test_a_sign_character_the_font_lacks_is_an_input_error(tmp_path: Path) -> None:
    data = template_data("counting")
    data["operator"]["name"]["ja"] = "株式会社☐サンプル"  # no glyph and no stand-in
    with pytest.raises(InputError, match=r"U\+2610"):
        render_notice(load_data(data), tmp_path, now=NOW)


def test_a_sign_character_the_font_lacks_is_drawn_as_its_stand_in(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    data = template_data("counting")
    data["purposes"][0]["output"]["ja"] = "10人≥の時間帯別の人数"
    render_notice(load_data(data), tmp_path, now=NOW)
    document = pdfium.PdfDocument(tmp_path / "sign-ja.pdf")
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert "10人≧の時間帯別の人数" in text.replace("\r\n", "")
    assert "≥" not in text


def test_extra_languages_without_texts_are_skipped_and_recorded(tmp_path: Path) -> None:
    data = template_data("crowd")
    data["cameras"][0]["notice"]["languages"] = ["ja", "en", "zh-Hans", "ko"]
    manifest = render_notice(load_data(data), tmp_path, now=NOW)
    assert manifest.languages == ["ja", "en"]
    assert [s.language for s in manifest.skipped] == ["zh-Hans", "ko"]
    assert all("no " in s.reason and "privacam's own wording" in s.reason for s in manifest.skipped)
    assert not list(tmp_path.glob("*zh-Hans*")) and not list(tmp_path.glob("*ko*"))
    assert '"zh-Hans"' in (tmp_path / "notice-manifest.json").read_text(encoding="utf-8")


def _every_text_translated(monkeypatch, lang: str, title: str) -> None:
    """Pretend privacam and the file have ``lang`` texts (they fall back to English)."""
    monkeypatch.setitem(LABELS, lang, {**LABELS["en"], "title": title})
    monkeypatch.setattr(content_module._Texts, "_note", lambda self, where: None)


def test_extra_language_is_rendered_when_texts_and_font_allow(monkeypatch, tmp_path) -> None:
    _every_text_translated(monkeypatch, "zh-Hant", "攝影機運作中")
    data = template_data("counting")
    data["cameras"][0]["notice"]["languages"] = ["ja", "en", "zh-Hant"]
    manifest = render_notice(load_data(data), tmp_path, now=NOW)
    assert manifest.languages == ["ja", "en", "zh-Hant"]
    assert {"sign-zh-Hant.pdf", "sign-zh-Hant.png", "notice-zh-Hant.html"} <= set(manifest.files)
    assert '<html lang="zh-Hant">' in (tmp_path / "notice-zh-Hant.html").read_text("utf-8")


def test_extra_language_the_font_cannot_draw_is_skipped(monkeypatch, tmp_path) -> None:
    _every_text_translated(monkeypatch, "ko", "카메라 작동 중")
    data = template_data("counting")
    data["cameras"][0]["notice"]["languages"] = ["ja", "en", "ko"]
    manifest = render_notice(load_data(data), tmp_path, now=NOW)
    assert manifest.languages == ["ja", "en"]
    (skip,) = manifest.skipped
    assert skip.language == "ko" and "cannot draw" in skip.reason and "U+B3D9" in skip.reason
    assert not (tmp_path / "sign-ko.pdf").exists()


def _cff_font(path: Path) -> None:
    """A tiny OpenType font with CFF outlines (no glyf table), built with fontTools."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0))
    pen.lineTo((400, 0))
    pen.lineTo((400, 600))
    pen.closePath()
    glyph = pen.getCharString()
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    builder.setupCFF("TestCFF", {"FullName": "TestCFF"}, {".notdef": glyph, "A": glyph}, {})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_cff_opentype_override_is_refused_with_a_clear_error(monkeypatch, tmp_path) -> None:
    otf = tmp_path / "cff.otf"
    _cff_font(otf)
    monkeypatch.setenv(FONT_ENV, str(otf))
    with pytest.raises(InputError, match=r"no TrueType \(glyf\) outlines.*\.ttf"):
        render_notice(load_data(template_data("counting")), tmp_path / "out", now=NOW)
