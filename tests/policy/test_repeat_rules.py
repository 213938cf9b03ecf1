"""Case ③'s rules: the measured threshold, the gallery-size limit, the store, the old key."""

from __future__ import annotations

import pytest

from privacam.policy.assessment import build_assessment
from privacam.policy.checks import run_checks
from privacam.policy.face_matching import (
    CALIBRATIONS,
    DEFAULT_EMBEDDER,
    MatchCalibration,
    false_merge_rate,
)
from tests.policy.conftest import TEMPLATE_DAY, load_data, template_data

MEASURED = MatchCalibration(DEFAULT_EMBEDDER, 0.93, 0.97, 2e-6, 250_000, 5_025, "tests")


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> MatchCalibration:
    monkeypatch.setitem(CALIBRATIONS, DEFAULT_EMBEDDER, MEASURED)
    return MEASURED


def findings(data, rule_id: str):
    return run_checks(load_data(data).public, today=TEMPLATE_DAY).for_rule(rule_id)


def repeat_with(**settings):
    data = template_data("repeat")
    data["case_settings"]["repeat"].update(settings)
    return data


def test_check_warns_when_the_threshold_is_looser_than_the_measured_safe_one(measured) -> None:
    (finding,) = findings(repeat_with(match_threshold=0.9), "CAS-020")
    assert finding.severity.value == "warning"
    assert "0.9 is looser than 0.93" in finding.message.en
    assert "250,000 different-person pairs" in finding.message.en
    assert "0.93 以上" in finding.message.ja


@pytest.mark.parametrize("threshold", [0.93, 0.97])
def test_check_accepts_a_threshold_at_or_above_the_measured_one(measured, threshold) -> None:
    assert findings(repeat_with(match_threshold=threshold), "CAS-020") == []


def test_check_states_the_gallery_size_limit_from_the_calibration(measured) -> None:
    (finding,) = findings(template_data("repeat"), "CAS-021")
    assert finding.severity.value == "info"
    assert "N × 2e-06" in finding.message.en
    assert "below 1 % up to 5,025 templates" in finding.message.en
    assert "5,025 件まで" in finding.message.ja


def test_check_says_the_gallery_limit_is_unknown_without_a_calibration(monkeypatch) -> None:
    monkeypatch.delitem(CALIBRATIONS, DEFAULT_EMBEDDER, raising=False)
    (finding,) = findings(template_data("repeat"), "CAS-021")
    assert "is unknown" in finding.message.en
    assert findings(repeat_with(match_threshold=0.01), "CAS-020") == []  # nothing to compare


def test_the_assessment_states_the_gallery_size_limit(measured) -> None:
    assessment = build_assessment(load_data(template_data("repeat")), today=TEMPLATE_DAY)
    items = [i for stage in assessment.checklist for i in stage.items if i.rule_id == "CAS-021"]
    (item,) = items
    assert any("5,025 templates" in f.message.en for f in item.findings)


def test_the_stated_limit_keeps_the_expected_false_merge_rate_under_one_percent() -> None:
    assert false_merge_rate(MEASURED, MEASURED.gallery_limit) < 0.01
    assert false_merge_rate(MEASURED, 2 * MEASURED.gallery_limit) > 0.01


def test_a_site_that_is_not_one_of_the_stores_is_an_error() -> None:
    data = template_data("repeat")
    data["site"]["id"] = "shibuya"
    (finding,) = findings(data, "CAS-022")
    assert finding.severity.value == "error" and "shibuya" in finding.message.en
    del data["site"]["id"]
    (finding,) = findings(data, "CAS-022")
    assert "site.id" in finding.message.en and "ikebukuro" in finding.message.en


def test_an_old_file_saying_delete_unmatched_immediately_true_still_loads_and_passes() -> None:
    data = template_data("repeat")
    del data["case_settings"]["repeat"]["enrol_unmatched"]
    data["case_settings"]["repeat"]["delete_unmatched_immediately"] = True
    loaded = load_data(data)
    assert loaded.spec.case_settings.repeat.enrol_unmatched is True
    assert findings(data, "CAS-003") == []


def test_asking_to_keep_unmatched_faces_is_refused_with_what_to_write_instead() -> None:
    (finding,) = findings(repeat_with(delete_unmatched_immediately=False), "CAS-003")
    assert finding.severity.value == "error"
    assert "enrol_unmatched: false" in finding.message.en


def _false_match_reasons(data) -> list[str]:
    assessment = build_assessment(load_data(data), today=TEMPLATE_DAY)
    (risk,) = [r for r in assessment.risks if r.id == "repeat.false_match"]
    return [a.reason.en for a in risk.adjustments]


def test_the_false_merge_risk_rises_when_the_threshold_is_looser_than_measured(measured) -> None:
    (reason,) = _false_match_reasons(repeat_with(match_threshold=0.9))
    assert "0.9 is looser than 0.93" in reason
    (reason,) = _false_match_reasons(repeat_with(match_threshold=0.95))
    assert "at or above 0.93" in reason and "up to 5,025 templates" in reason


def test_check_compares_with_the_embedder_the_face_stage_reads_with() -> None:
    from privacam.vision import faces

    # policy may not import vision, so the name is written twice: this keeps them one.
    assert DEFAULT_EMBEDDER == faces.DEFAULT_EMBEDDER
