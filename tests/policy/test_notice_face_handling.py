"""Case ③'s notice says what the code does with each face, and follows the settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from privacam.policy.notice import render_notice
from privacam.policy.notice.content import build_content
from tests.policy.conftest import CASES, load_data, template_data

NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)


def face_bullets(data, lang: str = "en") -> list[str]:
    loaded = load_data(data)
    content = build_content(loaded.public, lang, loaded.sha256, NOW)
    sections = [s for s in content.web.sections if s.key == "face-data"]
    return list(sections[0].bullets) if sections else []


def test_the_repeat_notice_states_what_is_deleted_at_once_and_what_is_kept(tmp_path) -> None:
    loaded = load_data(template_data("repeat"))
    render_notice(loaded, tmp_path, now=NOW)
    page = (tmp_path / "notice-en.html").read_text(encoding="utf-8")
    assert "How face data is handled" in page
    assert "is not used and is discarded at once" in page  # failed quality gates
    assert "enrolled as a new visitor" in page and "deleted 180 days after the first visit" in page
    assert "kept for 180 days, then reduced to statistics and deleted" in page
    assert "only among our own stores (ikebukuro)" in page
    assert "your later visits make no record" in page
    assert "exclusion template for 1 year from the request" in page
    ja = (tmp_path / "notice-ja.html").read_text(encoding="utf-8")
    assert "顔データの取扱い" in ja and "初回来店から180日後に削除します" in ja


def test_the_notice_says_unmatched_faces_are_deleted_at_once_when_enrolment_is_off() -> None:
    data = template_data("repeat")
    enrolling = face_bullets(data)
    data["case_settings"]["repeat"]["enrol_unmatched"] = False
    discarding = face_bullets(data)
    assert enrolling != discarding
    assert any("are deleted at once; no new visitor is enrolled" in b for b in discarding)
    assert not any("enrolled as a new visitor" in b for b in discarding)
    ja = face_bullets(data, "ja")
    assert any("ただちに削除します（新たな来店者の登録は行いません）" in b for b in ja)


def test_the_notice_follows_the_retention_periods_and_the_stores_of_the_file() -> None:
    data = template_data("repeat")
    for item in data["data_items"]:
        if item["key"] == "face_features":
            item["retention"] = "90d"
        if item["key"] == "visit_history":
            item["retention"] = "30d"
            item["at_expiry"] = "delete"
    data["case_settings"]["repeat"]["stores"] = ["ikebukuro", "shinjuku"]
    data["data_items"] = [i for i in data["data_items"] if i["key"] != "exclusion_templates"]
    data["data_items"].append(
        {
            "key": "exclusion_templates",
            "description": {"ja": "除外テンプレート", "en": "exclusion templates"},
            "data_class": "identifier",
            "retention": "2y",
        }
    )
    bullets = " ".join(face_bullets(data))
    assert "deleted 90 days after the first visit" in bullets
    assert "kept for 30 days, then deleted" in bullets
    assert "(ikebukuro, shinjuku)" in bullets
    assert "exclusion template for 2 years from the request" in bullets
    assert "180 days" not in bullets


def test_without_an_opt_out_route_the_notice_promises_none() -> None:
    data = template_data("repeat")
    del data["requests"]["opt_out"]
    assert not any("opt out" in b for b in face_bullets(data))


@pytest.mark.parametrize("case", [c for c in CASES if c != "repeat"])
def test_only_the_repeat_case_has_the_face_data_section(case: str, monkeypatch) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "pw-for-tests")
    assert face_bullets(template_data(case)) == []
