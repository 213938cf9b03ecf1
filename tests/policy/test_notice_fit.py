"""Long texts: every size keeps each minimum item whole, or the notice is refused naming it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from privacam.policy.notice import render_notice
from privacam.policy.notice.sign_pdf import MIN_TEXT_MM, SignDoesNotFit
from tests.policy.conftest import load_data, template_data
from tests.policy.test_notice import NOW, pdf_pages, sign_items, squash

PAGE_INDEX = {"A4": 0, "A3": 1, "label": 1}  # A4 always comes first
LONG = {
    "ja": "入口を通過した人数を時間帯ごとに数え、",
    "en": "Count the people who pass the entrance in each hour, ",
}


def _long(lang: str, length: int) -> str:
    return (LONG[lang] * (length // len(LONG[lang]) + 1))[:length].strip()


#: The longest text the deployment file accepts in each field (policy/spec.py: a purpose is
#: a Sentence, the operator's and the inquiry point's names are Names).
LONGEST = {"purpose": 500, "operator": 200, "contact": 200}


def _make_long(data: dict[str, Any], field: str, lang: str, length: int | None) -> str:
    """Make one text of the deployment ``length`` characters long (``None``: as long as the
    file allows); return its field path."""
    text = _long(lang, length or LONGEST[field])
    length = len(text)
    if field == "purpose":
        data["purposes"][0]["use"][lang] = text
        data["purposes"][0]["output"][lang] = "OUTPUT-" + text[: length // 3]
        return f"purposes[{data['purposes'][0]['id']}]"
    if field == "operator":
        data["operator"]["name"][lang] = text
        return "operator.name"
    data["inquiry"]["name"][lang] = text
    return "inquiry"


def _required_on(size: str, items: dict[str, list[str]]) -> dict[str, list[str]]:
    if size != "label":
        return items
    # GB §3: a small sign may carry purpose, contact and URL/QR only.
    return {k: v for k, v in items.items() if k in ("purpose", "contact", "full notice")}


@pytest.mark.parametrize("size", ["A4", "A3", "label"])
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("field", ["purpose", "operator", "contact"])
@pytest.mark.parametrize("length", [180, None], ids=["180", "longest"])
def test_a_long_text_keeps_every_minimum_item_whole_or_fails_naming_it(
    tmp_path: Path, size: str, lang: str, field: str, length: int | None
) -> None:
    data = template_data("repeat")  # it also states face recognition
    data["cameras"][0]["notice"]["sizes"] = [size]
    path = _make_long(data, field, lang, length)
    loaded = load_data(data)
    out = tmp_path / "notice"
    try:
        render_notice(loaded, out, now=NOW)
    except SignDoesNotFit as error:
        message = str(error)
        # A4 is always rendered, first; A3 is A4 enlarged, so A4 fails before it.
        page = next(p for p in ("A4", "label") if f"the {p} sign ({lang})" in message)
        assert page in ("A4", size)
        assert "\n" not in message and f"{MIN_TEXT_MM[page]} mm" in message
        assert f"({path})" in message, message
        assert not out.exists() or not list(out.iterdir())  # nothing written
        return
    _page_size, text = pdf_pages(out / f"sign-{lang}.pdf")[PAGE_INDEX[size]]
    page = squash(text).lower()
    for item, strings in _required_on(size, sign_items(loaded, lang)).items():
        for s in strings:
            assert squash(s).lower() in page, (
                f"{item}: {s[:40]!r} not whole on the {size} {lang} sign"
            )
    assert "…" not in page  # nothing was cut


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_180_character_purpose_keeps_its_output_line_on_a4_and_a3(
    tmp_path: Path, lang: str
) -> None:
    data = template_data("counting")
    data["cameras"][0]["notice"]["sizes"] = ["A4", "A3"]
    data["purposes"][0]["use"][lang] = _long(lang, 180)
    render_notice(load_data(data), tmp_path, now=NOW)
    output = data["purposes"][0]["output"][lang]
    for _size, text in pdf_pages(tmp_path / f"sign-{lang}.pdf"):
        assert squash(f"→ {output}") in squash(text)
        assert squash(_long(lang, 180)) in squash(text)


def test_a_purpose_too_long_for_any_size_is_refused_with_exit_2_naming_it(
    tmp_path: Path, capsys
) -> None:
    from privacam.cli import main

    data = template_data("counting")
    # Each purpose as long as the file allows; together more than the A4 sign holds.
    first = data["purposes"][0]
    first["use"]["ja"] = _long("ja", LONGEST["purpose"])
    data["purposes"] = [first] + [
        {**first, "id": f"p{n}", "use": dict(first["use"])} for n in range(2, 9)
    ]
    spec = tmp_path / "privacam.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["notice", str(spec), "-o", str(tmp_path / "notice")])
    err = capsys.readouterr().err.strip()
    assert done.value.code == 2
    assert err.count("\n") == 0 and "Traceback" not in err
    assert "purposes[p1]" in err and "3.5 mm" in err and "最小の文字サイズ" in err
    assert not (tmp_path / "notice").exists()
    assert not (tmp_path / "privacam.db").exists()


def test_the_minimum_sizes_in_the_docs_are_the_ones_the_code_uses() -> None:
    import math

    reference = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    a3 = math.floor(MIN_TEXT_MM["A4"] * math.sqrt(2) * 10) / 10
    for stated in (f"{MIN_TEXT_MM['A4']} mm on A4", f"{a3} mm on A3", f"{MIN_TEXT_MM['label']} mm"):
        assert stated in reference, stated
