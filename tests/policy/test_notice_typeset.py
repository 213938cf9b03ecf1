"""Line breaking by measured width, with Japanese kinsoku rules."""

from __future__ import annotations

import itertools

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


def test_lines_are_filled_greedily() -> None:
    lines = wrap(JAPANESE, 200.0, width=width)
    for line, following in itertools.pairwise(lines):
        # the next character would not have fit, unless kinsoku glued it to its neighbour
        glued = following[0] in "（「" or following[1:2] in "、。）」・ー"
        assert width(line + following[0]) > 200.0 or glued


def test_english_breaks_between_words() -> None:
    text = "Extract face features to recognise returning visitors"
    lines = wrap(text, 150.0, width=width)
    assert " ".join(lines) == text
    assert all(width(line) <= 150.0 for line in lines)
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)


def test_latin_runs_in_japanese_stay_whole() -> None:
    lines = wrap("電話 03-0000-0000（平日 10:00〜17:00）", 120.0, width=width)
    assert all("03-0000" not in line or "03-0000-0000" in line for line in lines)


def test_a_url_wider_than_the_line_breaks_after_a_slash() -> None:
    url = "https://example.jp/privacy/camera/notice/very/long/path"
    lines = wrap(url, 120.0, width=width)
    assert "".join(lines) == url
    assert all(width(line) <= 120.0 for line in lines)
    assert all(line.endswith("/") for line in lines[:-1])


def test_hard_line_breaks_are_kept() -> None:
    assert wrap("一行目\n→ 二行目", 500.0, width=width) == ["一行目", "→ 二行目"]
