"""Face recognition: one answer for the notice and the checks (CAS-002, PUR-015)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from privacam.policy.assessment import build_assessment
from privacam.policy.checks import run_checks
from privacam.policy.face_recognition import describes_face_recognition, face_recognition_use
from privacam.policy.findings import Severity
from privacam.policy.notice import render_notice
from privacam.policy.notice.content import build_content
from tests.policy.conftest import load_data, template_data
from tests.policy.test_notice import pdf_pages, squash, web_text

NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
STATEMENT = {"ja": "顔認識技術を使用しています", "en": "Face recognition is used"}


def _without_face_recognition_wording(data: dict[str, Any]) -> None:
    for purpose in data["purposes"]:
        purpose["data_item"] = {"ja": "来店客の顔画像", "en": "face images of visitors"}


def _counting_with_face_recognition() -> dict[str, Any]:
    data = template_data("counting")
    data["purposes"][0]["use"] = {
        "ja": "顔認証で通行人を照合し、同じ人の再通行を数える",
        "en": "match passers-by by face recognition to count people passing again",
    }
    return data


def _findings(data: dict[str, Any], rule_id: str):
    return [f for f in run_checks(load_data(data).public).findings if f.rule_id == rule_id]


@pytest.mark.parametrize(
    "text",
    [
        "顔認証で入店者を照合する",
        "顔認識により来店者を判別",
        "顔照合による本人確認",
        "顔画像の照合",
        "顔識別機能付きカメラ",
        "顔で個人を特定する",
        "face recognition of visitors",
        "Facial recognition at the gate",
        "face matching against a watch list",
        "identify visitors by their faces",
        "face-verification of members",
    ],
)
def test_face_recognition_wording_is_found_in_japanese_and_english(text: str) -> None:
    assert describes_face_recognition(text)


@pytest.mark.parametrize(
    "text",
    [
        "来店客の顔画像",
        "顔とナンバープレートをマスクして道路・構造物の状況を把握",
        "estimate age bracket and gender from the face",
        "mask faces and licence plates",
        "count people crossing the line",
    ],
)
def test_face_detection_and_masking_are_not_face_recognition(text: str) -> None:
    assert not describes_face_recognition(text)


def test_a_counting_purpose_describing_face_recognition_is_an_error() -> None:
    findings = _findings(_counting_with_face_recognition(), "PUR-015")
    assert [(f.severity, f.path) for f in findings] == [(Severity.error, "purposes[0].use")]


def test_a_repeat_purpose_describing_face_recognition_is_no_pur_015_finding() -> None:
    assert _findings(template_data("repeat"), "PUR-015") == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_face_recognition_in_a_counting_purpose_is_stated_on_sign_and_web(
    tmp_path: Path, lang: str
) -> None:
    loaded = load_data(_counting_with_face_recognition())
    render_notice(loaded, tmp_path, now=NOW, draft=True)
    (_size, a4), _a3, (_lsize, label) = pdf_pages(tmp_path / f"sign-{lang}.pdf")
    assert squash(STATEMENT[lang]) in squash(a4)
    assert squash(STATEMENT[lang]) in squash(label)
    assert STATEMENT[lang] in web_text(tmp_path / f"notice-{lang}.html")


def test_notice_omits_face_recognition_when_the_file_withholds_it() -> None:
    data = template_data("repeat")
    _without_face_recognition_wording(data)
    data["case_settings"]["repeat"]["notice_states_face_recognition"] = False
    loaded = load_data(data)
    content = build_content(loaded.public, "ja", loaded.sha256, NOW)
    assert content.sign.face_recognition is None
    assert content.web.face_recognition is None
    assert [f.severity for f in _findings(data, "CAS-002")] == [Severity.error]


def test_notice_and_check_read_one_answer_about_face_recognition() -> None:
    data = template_data("repeat")
    _without_face_recognition_wording(data)
    for withheld in (False, True):
        data["case_settings"]["repeat"]["notice_states_face_recognition"] = not withheld
        loaded = load_data(data)
        use = face_recognition_use(loaded.public)
        content = build_content(loaded.public, "en", loaded.sha256, NOW)
        assert (content.sign.face_recognition is not None) is use.stated is (not withheld)
        assert bool(_findings(data, "CAS-002")) is withheld


def test_a_purpose_describing_face_recognition_is_stated_even_when_repeat_withholds_it() -> None:
    data = template_data("repeat")  # its data_item says 顔認識を使用
    data["case_settings"]["repeat"]["notice_states_face_recognition"] = False
    loaded = load_data(data)
    content = build_content(loaded.public, "ja", loaded.sha256, NOW)
    assert content.sign.face_recognition == STATEMENT["ja"]


def _transparency_reasons(data: dict[str, Any]) -> list[str]:
    report = build_assessment(load_data(data), date(2026, 4, 10))
    risk = next(r for r in report.risks if r.id == "generic.transparency")
    return [a.reason.en for a in risk.adjustments]


def test_the_assessment_weighs_face_recognition_found_in_a_counting_purpose() -> None:
    assert "face recognition is used, so not being told matters more" in _transparency_reasons(
        _counting_with_face_recognition()
    )
    assert not any(
        "face recognition" in r for r in _transparency_reasons(template_data("counting"))
    )


def test_the_assessment_says_the_notice_omits_face_recognition_only_when_it_does() -> None:
    data = template_data("repeat")
    data["case_settings"]["repeat"]["notice_states_face_recognition"] = False
    omitted = "the notice does not state that face recognition is used"
    assert omitted not in _transparency_reasons(data)  # its purpose text says so: stated
    _without_face_recognition_wording(data)
    assert omitted in _transparency_reasons(data)
