"""The notice for every case: files, pages, the QR code, the sign's six items, the web page."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from privacam.policy.case_profiles import PROFILES, attribute_name
from privacam.policy.durations import format_duration
from privacam.policy.loader import LoadedSpec
from privacam.policy.notice import MANIFEST_NAME, render_notice
from privacam.policy.notice.sign_pdf import SignDoesNotFit
from privacam.policy.spec import Case
from tests.policy.conftest import CASES, cloud_abroad, load_data, template_data

NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)
LABEL = (283.46, 198.43)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[LoadedSpec, Path]]:
    """Every case's template rendered once (the crowd one needs its camera password)."""
    out: dict[str, tuple[LoadedSpec, Path]] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CAMERA_PASSWORD", "pw-for-tests")
        for case in CASES:
            loaded = load_data(template_data(case))
            folder = tmp_path_factory.mktemp(case)
            render_notice(loaded, folder, now=NOW)
            out[case] = (loaded, folder)
    return out


def pdf_pages(path: Path) -> list[tuple[tuple[float, float], str]]:
    """(size in points, extracted text) of every page."""
    document = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range()
            pages.append((page.get_size(), text))
        return pages
    finally:
        document.close()


def squash(text: str) -> str:
    """Text with all whitespace removed: line wrapping cannot break a comparison."""
    return re.sub(r"\s+", "", text)


def decode_qr(png: Path) -> str:
    image = cv2.imdecode(np.frombuffer(png.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return text


def web_text(path: Path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES)
def test_every_expected_file_is_written_and_listed(rendered, case: str) -> None:
    _loaded, folder = rendered[case]
    expected = {
        f"{kind}-{lang}.{ext}"
        for lang in ("ja", "en")
        for kind, ext in (("sign", "pdf"), ("sign", "png"), ("notice", "html"))
    }
    assert {p.name for p in folder.iterdir()} == expected | {MANIFEST_NAME}
    manifest = (folder / MANIFEST_NAME).read_text(encoding="utf-8")
    for name in expected:
        assert f'"{name}"' in manifest


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sign_pages_are_a4_then_a3_then_label(rendered, case: str, lang: str) -> None:
    _loaded, folder = rendered[case]
    sizes = [size for size, _text in pdf_pages(folder / f"sign-{lang}.pdf")]
    assert len(sizes) == 3  # the templates ask for [A4, A3, label]
    for (width, height), (want_w, want_h) in zip(sizes, (A4, A3, LABEL), strict=True):
        assert width == pytest.approx(want_w, abs=1)
        assert height == pytest.approx(want_h, abs=1)


def test_only_a4_when_no_other_size_is_asked_for(tmp_path: Path) -> None:
    data = template_data("counting")
    data["cameras"][0]["notice"]["sizes"] = ["label"]  # A4 is added, and first
    render_notice(load_data(data), tmp_path, now=NOW)
    sizes = [size for size, _ in pdf_pages(tmp_path / "sign-ja.pdf")]
    assert len(sizes) == 2
    assert sizes[0][0] == pytest.approx(A4[0], abs=1)
    assert sizes[1][0] == pytest.approx(LABEL[0], abs=1)


@pytest.mark.parametrize("case", CASES)
def test_qr_code_on_the_sign_decodes_to_the_notice_url(rendered, case: str) -> None:
    loaded, folder = rendered[case]
    assert decode_qr(folder / "sign-ja.png") == loaded.public.notice_url
    assert decode_qr(folder / "sign-en.png") == loaded.public.notice_url


def test_qr_code_follows_a_changed_notice_url(tmp_path: Path) -> None:
    data = template_data("repeat")
    data["notice_url"] = "https://notice.example.org/kanban/store-42?lang=ja"
    render_notice(load_data(data), tmp_path, now=NOW)
    assert decode_qr(tmp_path / "sign-ja.png") == data["notice_url"]


def test_qr_symbol_is_at_least_40_mm_on_a4(rendered) -> None:
    """Measure the decoded symbol's corners in the 150 dpi PNG."""
    _loaded, folder = rendered["counting"]
    png = folder / "sign-ja.png"
    image = cv2.imdecode(np.frombuffer(png.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    _text, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    corners = points.reshape(-1, 2)
    side_px = float(np.linalg.norm(corners[1] - corners[0]))
    assert side_px / 150 * 25.4 >= 40


def sign_items(loaded: LoadedSpec, lang: str) -> dict[str, list[str]]:
    """What GB §3 requires on the sign, as the strings expected on it."""
    spec = loaded.public
    profile = PROFILES[spec.case]
    inquiry = spec.inquiry
    assert inquiry is not None
    title = {"ja": "カメラ作動中", "en": "Camera in operation"}[lang]
    return {
        "camera in operation": [title],
        "operator": [spec.operator.name.get(lang)],
        "captured and generated": [p.data_item.get(lang) for p in spec.purposes]
        + [profile.generated.get(lang)]
        + [attribute_name(a).get(lang) for a in spec.inferred_attributes],
        "purpose": [p.use.get(lang) for p in spec.purposes]
        + [p.output.get(lang) for p in spec.purposes],
        "contact": [inquiry.name.get(lang), *(c for c in (inquiry.phone, inquiry.email) if c)],
        "full notice": [spec.notice_url],
    }


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a4_sign_carries_the_six_items(rendered, case: str, lang: str) -> None:
    loaded, folder = rendered[case]
    (_size, text), *_ = pdf_pages(folder / f"sign-{lang}.pdf")
    page = squash(text).lower()
    items = sign_items(loaded, lang)
    assert len(items["contact"]) == 3  # the templates give a phone and an e-mail address
    for item, strings in items.items():
        assert strings and all(strings), f"{item}: nothing to look for"
        for s in strings:
            assert squash(s).lower() in page, f"{item}: {s!r} not on the {lang} sign"


@pytest.mark.parametrize("case", CASES)
def test_label_carries_purpose_contact_and_url(rendered, case: str) -> None:
    loaded, folder = rendered[case]
    *_, (_size, text) = pdf_pages(folder / "sign-ja.pdf")
    page = squash(text)
    items = sign_items(loaded, "ja")
    for key in ("camera in operation", "purpose", "full notice"):
        for s in items[key]:
            assert squash(s) in page
    assert squash(items["contact"][0]) in page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_face_recognition_is_stated_on_sign_and_web_only_when_used(rendered, lang: str) -> None:
    statement = {"ja": "顔認識技術を使用しています", "en": "Face recognition is used"}[lang]
    for case in CASES:
        _loaded, folder = rendered[case]
        (_size, a4), _a3, (_lsize, label) = pdf_pages(folder / f"sign-{lang}.pdf")
        page = web_text(folder / f"notice-{lang}.html")
        used = PROFILES[Case(case)].uses_face_recognition
        assert (squash(statement) in squash(a4)) is used, case
        assert (squash(statement) in squash(label)) is used, case
        assert (statement in page) is used, case
    assert PROFILES[Case.repeat].uses_face_recognition
    assert not PROFILES[Case.counting].uses_face_recognition


def web_items(loaded: LoadedSpec, lang: str) -> list[str]:
    """Strings from every item GB §3 asks of the full notice."""
    spec = loaded.public
    get = lambda text: text.get(lang)  # noqa: E731
    inquiry = spec.inquiry
    assert inquiry is not None
    items = [
        get(spec.operator.name),
        get(inquiry.name),
        inquiry.phone or "",
        inquiry.email or "",
        get(PROFILES[spec.case].generated),
        get(spec.requests.identity_verification),
        spec.requests.url or "",
        spec.notice_url,
        loaded.short_hash,
    ]
    for p in spec.purposes:
        items += [get(p.data_item), get(p.use), get(p.output)]
    for d in spec.data_items:
        items += [get(d.description), format_duration(d.retention, lang)]
    for kind in ("organizational", "human", "physical", "technical"):
        items += [get(m) for m in getattr(spec.security, kind)]
    for c in spec.cameras:
        items += [get(c.placement), get(c.field_of_view), get(c.notice.location)]
    for r in spec.third_party.recipients:
        items.append(get(r.name))
    for c in spec.contractors:
        items += [get(c.name), get(c.role)]
    if spec.period.hours:
        items.append(get(spec.period.hours))
    if spec.prior_announcement.url:
        items.append(spec.prior_announcement.url)
    if spec.requests.opt_out:
        items.append(get(spec.requests.opt_out))
    return [item for item in items if item]


JA_FIXED = [
    '<html lang="ja">',
    "運用実施主体",
    "利用目的",
    "保存期間",
    "第三者",
    "安全管理措置",
    "組織的安全管理措置",
    "人的安全管理措置",
    "物理的安全管理措置",
    "技術的安全管理措置",
    "設置場所と撮影範囲",
    "運用期間",
    "開示・利用停止・消去等の請求",
    "受付から14日以内に回答します",
    "事前告知",
    "次回見直し予定日",
    "データの区分",
    "2026年5月1日",  # rendering date
]
EN_FIXED = [
    '<html lang="en">',
    "Operator",
    "Retention",
    "Third parties and joint use",
    "Organisational measures",
    "Human measures",
    "Physical measures",
    "Technical measures",
    "Camera locations and fields of view",
    "Period of operation",
    "Disclosure, stop-use and deletion requests",
    "We answer within 14 days of receipt",
    "Prior announcement",
    "Next review",
    "Data classes",
    "2026-05-01",
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("lang", "fixed"), [("ja", JA_FIXED), ("en", EN_FIXED)])
def test_web_notice_carries_every_item(rendered, case: str, lang: str, fixed: list[str]) -> None:
    loaded, folder = rendered[case]
    page = web_text(folder / f"notice-{lang}.html")
    for expected in [*fixed, *web_items(loaded, lang)]:
        assert expected in page, f"{expected!r} missing from notice-{lang}.html ({case})"


def test_repeat_notice_states_retention_of_face_features_and_opt_out(rendered) -> None:
    _loaded, folder = rendered["repeat"]
    page = web_text(folder / "notice-ja.html")
    row = re.search(r"<tr><td>顔特徴量データ[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>", page)
    assert row is not None
    assert row.groups() == ("個人識別符号（個人情報）", "180日")
    assert "分析の対象から外れたい方" in page
    assert "来店履歴（初回来店から）、" in page or "来店履歴（初回来店から）" in page


def test_counting_notice_names_the_third_party_and_publication(rendered) -> None:
    _loaded, folder = rendered["counting"]
    page = web_text(folder / "notice-ja.html")
    assert "サンプル市（例）（統計情報のみ）" in page
    assert "10人未満の区分は秘匿します" in page
    assert "顔認識" not in page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_third_party_recipients_come_right_after_their_heading(rendered, lang: str) -> None:
    _loaded, folder = rendered["counting"]
    page = web_text(folder / f"notice-{lang}.html")
    section = re.search(r'<section id="third-party">(.*?)</section>', page, re.S)
    assert section is not None
    lead = (
        "次の第三者に提供します：" if lang == "ja" else "Provided to the following third parties:"
    )
    recipient = "サンプル市（例）（統計情報のみ）" if lang == "ja" else "Sample City (example)"
    after_lead = section.group(1).split(f"<p>{lead}</p>", 1)[1]
    assert re.match(r"\s*<ul>\s*<li>" + re.escape(recipient), after_lead), after_lead[:120]


def test_cloud_processing_names_countries_and_their_regimes(tmp_path: Path) -> None:
    data = template_data("flow")
    data["processing"] = cloud_abroad(
        "Example Cloud K.K.",
        {
            "code": "SG",
            "name": {"ja": "シンガポール", "en": "Singapore"},
            "regime": {"ja": "個人情報保護法（PDPA）", "en": "Personal Data Protection Act"},
        },
    )
    data["security"]["foreign_environment"] = {
        "ja": "シンガポールの制度を把握した上で安全管理措置を講じる",
        "en": "Measures taken knowing Singapore's regime",
    }
    render_notice(load_data(data), tmp_path, now=NOW)
    ja = web_text(tmp_path / "notice-ja.html")
    for expected in (
        "クラウド",
        "Example Cloud K.K.",
        "シンガポール (SG)",
        "個人情報保護法（PDPA）",
        "外的環境の把握",
        "シンガポールの制度を把握した上で安全管理措置を講じる",
    ):
        assert expected in ja
    assert "外国でデータを保存・処理することはありません" not in ja
    en = web_text(tmp_path / "notice-en.html")
    assert "Singapore (SG)" in en and "Personal Data Protection Act" in en


def test_web_notice_is_self_contained(rendered) -> None:
    _loaded, folder = rendered["crowd"]
    raw = (folder / "notice-ja.html").read_text(encoding="utf-8")
    assert "<script" not in raw and "<link" not in raw and "<img" not in raw
    assert not re.search(r"\bsrc=", raw)
    assert "@import" not in raw and "url(" not in raw
    assert raw.count("<svg") == 2  # the pictogram and the QR code, inline


def test_text_from_the_file_is_escaped(tmp_path: Path) -> None:
    data: dict[str, Any] = template_data("attributes")
    data["operator"]["name"] = {"ja": "<script>alert(1)</script>株式会社", "en": "A & B <Ltd>"}
    render_notice(load_data(data), tmp_path, now=NOW)
    ja = (tmp_path / "notice-ja.html").read_text(encoding="utf-8")
    en = (tmp_path / "notice-en.html").read_text(encoding="utf-8")
    assert "<script>" not in ja and "&lt;script&gt;alert(1)&lt;/script&gt;株式会社" in ja
    assert "A &amp; B &lt;Ltd&gt;" in en
    (_size, text), *_ = pdf_pages(tmp_path / "sign-ja.pdf")
    assert "<script>alert(1)</script>株式会社" in text  # the sign prints it verbatim


def test_rendering_is_reproducible_for_a_fixed_time(tmp_path: Path) -> None:
    loaded = load_data(template_data("flow"))
    first, second = tmp_path / "a", tmp_path / "b"
    render_notice(loaded, first, now=NOW)
    render_notice(loaded, second, now=NOW)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == 7 and MANIFEST_NAME in names  # two signs, two PNGs, two pages
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_many_purposes_are_all_on_the_sign_or_the_sign_is_refused(tmp_path: Path) -> None:
    data = template_data("repeat")
    first = data["purposes"][0]
    data["purposes"] = [
        {
            **first,
            "id": f"p{i}",
            "use": {"ja": f"目的{i}：" + first["use"]["ja"] * 2, "en": first["use"]["en"] * 2},
        }
        for i in range(9)
    ]
    data["cameras"][0]["notice"]["sizes"] = ["A4"]
    with pytest.raises(SignDoesNotFit, match=r"purposes, 9 items.*3\.5 mm"):
        render_notice(load_data(data), tmp_path, now=NOW)
    assert not list(tmp_path.iterdir())  # nothing half-written
    data["purposes"] = data["purposes"][:4]
    render_notice(load_data(data), tmp_path, now=NOW)
    (_s, a4), *_ = pdf_pages(tmp_path / "sign-ja.pdf")
    page = squash(a4)
    assert all(f"目的{i}：" in page for i in range(4)) and "顔認識技術を使用しています" in page
    assert squash(data["inquiry"]["name"]["ja"]) in page and data["notice_url"] in page
    assert decode_qr(tmp_path / "sign-ja.png") == data["notice_url"]


def test_optional_sections_may_be_absent(tmp_path: Path) -> None:
    data = template_data("attributes")
    for key in ("inquiry", "privacy_officer", "contractors", "prior_announcement"):
        data.pop(key, None)
    data["period"].pop("hours")
    data["review"]["log"] = []
    data["period"]["end"] = "2027-03-31"
    loaded = load_data(data)
    render_notice(loaded, tmp_path, now=NOW, draft=True)  # no inquiry point: ACC-001 error
    (_s, a4), *_ = pdf_pages(tmp_path / "sign-ja.pdf")
    # With no inquiry point, the operator is the contact (checks warn about this).
    assert squash("お問い合わせ先株式会社サンプル（例）") in squash(a4)
    page = web_text(tmp_path / "notice-ja.html")
    assert "2027年3月31日" in page
    assert "事前告知" not in page and "直近の見直し" not in page
    assert decode_qr(tmp_path / "sign-ja.png") == data["notice_url"]
