"""Line breaking by measured width, with Japanese kinsoku rules."""

from __future__ import annotations

import itertools
import re

import pytest

from privacam.policy.notice.font import text_width
from privacam.policy.notice.typeset import wrap

SIZE = 14.0


def width(text: str) -> float:
    return text_width(text, SIZE)


JAPANESE = (
    "人物の位置をアイコン化し、移動・滞留人数と混雑度を算出します。"
    "詳しくは（ウェブサイト）をご覧ください。「カメラ画像利活用ガイドブック」に基づきます。"
)


@pytest.mark.parametrize("max_width", [60.0, 100.0, 137.0, 200.0, 333.0])
def test_japanese_wraps_by_width_without_losing_text(max_width: float) -> None:
    lines = wrap(JAPANESE, max_width, width=width)
    assert "".join(lines) == JAPANESE
    assert len(lines) > 1
    for line in lines:
        assert width(line) <= max_width
        assert line[0] not in "、。）」・ー"
        assert line[-1] not in "（「"


@pytest.mark.parametrize("max_width", [100.0, 137.0, 200.0, 333.0])
def test_lines_are_filled_greedily_by_phrase(max_width: float) -> None:
    lines = wrap(JAPANESE, max_width, width=width)
    for line, following in list(itertools.pairwise(lines))[:-1]:  # the last pair: orphans
        (first, *_rest) = wrap(following, width(following) - 0.5, width=width)
        # the following line's first phrase would not have fit on this line
        assert width(line + first) > max_width


@pytest.mark.parametrize("max_width", [200.0, 260.0, 333.0])
def test_japanese_breaks_between_phrases_not_inside_words(max_width: float) -> None:
    lines = wrap(JAPANESE, max_width, width=width)
    assert "".join(lines) == JAPANESE
    for word in ("アイコン化し、", "混雑度を", "算出します。", "ご覧ください。", "基づきます。"):
        assert any(word in line for line in lines), (word, lines)


@pytest.mark.parametrize("max_width", [x * 7.0 for x in range(6, 60)])
def test_a_last_line_never_holds_one_or_two_characters_alone(max_width: float) -> None:
    for text in (JAPANESE, "顔特徴量を抽出して同一人物の再来店を識別", "人数を数えます。"):
        lines = wrap(text, max_width, width=width)
        assert "".join(lines) == text
        if len(lines) > 1:
            assert len(lines[-1]) > 2, lines


@pytest.mark.parametrize("max_width", [40.0, 52.0, 60.0, 80.0])
def test_english_never_breaks_inside_a_word_that_fits(max_width: float) -> None:
    for text in ("警告 / warning", "Retention within the warning level", "エラー / error"):
        lines = wrap(text, max_width, width=width)
        for word in re.findall(r"[A-Za-z]+", text):
            if width(word) <= max_width:
                assert any(re.search(rf"\b{word}\b", line) for line in lines), lines


def test_kinsoku_holds_where_a_wide_phrase_is_split_by_character() -> None:
    text = "（保存期間・安全管理措置・開示等の請求方法）はウェブサイトへ"
    for max_width in (30.0, 45.0, 50.0, 75.0):
        lines = wrap(text, max_width, width=width)
        assert "".join(lines) == text
        for line in lines:
            assert line[0] not in "、。）」・ー" and line[-1] not in "（「", lines


def test_english_breaks_between_words() -> None:
    text = "Extract face features to recognise returning visitors"
    lines = wrap(text, 150.0, width=width)
    assert " ".join(lines) == text
    assert all(width(line) <= 150.0 for line in lines)
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)


def test_latin_runs_in_japanese_stay_whole() -> None:
    lines = wrap("電話 03-0000-0000（平日 10:00〜17:00）", 120.0, width=width)
    assert all("03-0000" not in line or "03-0000-0000" in line for line in lines)


def test_a_url_wider_than_the_line_breaks_after_a_slash_or_dot() -> None:
    url = "https://example.jp/privacy/camera/notice/very/long/path"
    lines = wrap(url, 120.0, width=width)
    assert "".join(lines) == url
    assert all(width(line) <= 120.0 for line in lines)
    assert all(line.endswith(("/", ".")) for line in lines[:-1])
    assert not any(line.endswith("https:/") for line in lines)


def test_a_dotted_name_wider_than_the_line_breaks_at_its_dots_and_underscores() -> None:
    name = "case_settings.repeat.delete_unmatched_immediately: yes"
    lines = wrap(name, 150.0, width=width)
    assert "".join(lines).replace(" ", "") == name.replace(" ", "")
    assert all(line.endswith(("_", ".")) for line in lines[:-2]), lines


def test_hard_line_breaks_are_kept() -> None:
    assert wrap("一行目\n→ 二行目", 500.0, width=width) == ["一行目", "→ 二行目"]
