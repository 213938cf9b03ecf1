"""Fields a person fills in, checked for presence; the operator's representative; store access."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from privacam.policy.assessment import build_assessment, render_markdown
from privacam.policy.checks import run_checks
from privacam.policy.findings import Severity
from privacam.policy.notice.content import build_content
from tests.policy.conftest import TEMPLATE_DAY, dump_yaml, load_data, load_error, template_data


def _findings(data: dict[str, Any], rule_id: str):
    return run_checks(load_data(data).public, today=TEMPLATE_DAY).for_rule(rule_id)


def _signed(data: dict[str, Any], **attestations: bool) -> dict[str, Any]:
    data["signoff"] = {
        "prepared_by": {"name": "山田", "role": "DPO", "date": "2026-03-30"},
        "approved_by": {"name": "佐藤", "role": "CEO", "date": "2026-03-31"},
        "residual_risk_accepted": True,
        **attestations,
    }
    return data


# Operator (APPI 第32条)


def test_a_corporation_without_its_representative_is_an_error() -> None:
    data = template_data("counting")
    del data["operator"]["representative"]
    findings = _findings(data, "ACC-002")
    assert [f.severity for f in findings] == [Severity.error]
    assert findings[0].path == "operator.representative"
    assert "代表者" in findings[0].message.ja and "representative" in findings[0].message.en


def test_an_individual_operator_needs_no_representative() -> None:
    data = template_data("counting")
    del data["operator"]["representative"]
    data["operator"]["legal_form"] = "individual"
    assert _findings(data, "ACC-002") == []


def test_an_unknown_legal_form_is_refused() -> None:
    data = template_data("counting")
    data["operator"]["legal_form"] = "company"
    assert "legal_form: Input should be 'corporation' or 'individual'" in load_error(
        dump_yaml(data)
    )


@pytest.mark.parametrize(("lang", "label"), [("ja", "代表者"), ("en", "Representative")])
def test_the_web_notice_shows_the_operators_representative(lang: str, label: str) -> None:
    data = template_data("attributes")
    data["operator"]["representative"] = "代表取締役 山田花子 / Hanako Yamada, President"
    loaded = load_data(data)
    web = build_content(loaded.public, lang, loaded.sha256, datetime(2026, 5, 1, tzinfo=UTC)).web
    operator = next(section for section in web.sections if section.key == "operator")
    assert (label, ("代表取締役 山田花子 / Hanako Yamada, President",)) in operator.facts


# Staff briefing, review changes, portrait rights and capture itself


def test_an_inquiry_point_without_a_staff_briefing_warns() -> None:
    data = template_data("flow")
    del data["inquiry"]["staff_briefing"]
    findings = _findings(data, "ATT-001")
    assert [f.severity for f in findings] == [Severity.warning]
    assert findings[0].path == "inquiry.staff_briefing"


def test_a_review_that_does_not_say_what_changed_warns_but_the_file_still_loads() -> None:
    data = template_data("counting")
    del data["review"]["log"][0]["changes"]
    findings = _findings(data, "ATT-002")
    assert [f.severity for f in findings] == [Severity.warning]
    assert findings[0].path == "review.log[0].changes"


def test_only_the_latest_review_must_say_what_changed() -> None:
    data = template_data("counting")
    latest = data["review"]["log"][0]
    older = {"date": "2025-04-01", "reviewer": "前任者", "summary": {"ja": "旧版", "en": "old"}}
    data["review"]["log"] = [latest, older]
    assert _findings(data, "ATT-002") == []
    del latest["changes"]
    assert [f.path for f in _findings(data, "ATT-002")] == ["review.log[0].changes"]


def test_review_changes_name_law_society_and_technology() -> None:
    data = template_data("counting")
    del data["review"]["log"][0]["changes"]["technology"]
    assert "review.log[0].changes.technology" in load_error(dump_yaml(data))


@pytest.mark.parametrize("part", ["portrait_rights", "capture_itself"])
def test_a_justification_silent_on_portrait_rights_or_capture_warns(part: str) -> None:
    data = template_data("crowd")
    del data["justification"][part]
    findings = _findings(data, "ATT-005")
    assert [(f.severity, f.path) for f in findings] == [(Severity.warning, f"justification.{part}")]


def test_the_assessment_shows_where_portrait_rights_and_capture_are_covered() -> None:
    data = template_data("counting")
    data["justification"]["portrait_rights"] = {"ja": "肖像権の説明", "en": "portrait text"}
    del data["justification"]["capture_itself"]
    report = build_assessment(load_data(data), TEMPLATE_DAY)
    entries = {entry.key: entry for entry in report.analysis.entries}
    assert entries["portrait_rights"].text.en == "portrait text"
    assert "justification.portrait_rights" in entries["portrait_rights"].name.en
    assert entries["capture_itself"].text is None
    markdown = render_markdown(report)
    assert "justification.capture_itself" in markdown and "portrait text" in markdown


# Sign-off attestations (APPI 第19条, 第18条)


@pytest.mark.parametrize(
    ("rule_id", "field"),
    [("ATT-003", "attests_no_improper_use"), ("ATT-004", "attests_exports_within_purposes")],
)
def test_an_attestation_not_given_warns_and_a_signed_one_passes(rule_id: str, field: str) -> None:
    unsigned = _findings(_signed(template_data("repeat")), rule_id)
    assert [(f.severity, f.path) for f in unsigned] == [(Severity.warning, f"signoff.{field}")]
    assert _findings(_signed(template_data("repeat"), **{field: True}), rule_id) == []


def test_an_attestation_without_an_approver_is_not_signed() -> None:
    data = template_data("repeat")
    data["signoff"]["attests_no_improper_use"] = True  # but approved_by is null
    findings = _findings(data, "ATT-003")
    assert [f.path for f in findings] == ["signoff.approved_by"]


# Store access (GB §2 design)


@pytest.mark.parametrize("case", ["flow", "repeat", "street"])
def test_a_store_of_personal_data_without_declared_access_is_an_error(case: str) -> None:
    data = template_data(case)
    del data["store"]["access"]
    findings = _findings(data, "SEC-006")
    assert [(f.severity, f.path) for f in findings] == [(Severity.error, "store.access")]


@pytest.mark.parametrize("case", ["attributes", "counting", "crowd"])
def test_a_store_of_statistics_only_needs_no_declared_access(case: str) -> None:
    data = template_data(case)
    del data["store"]["access"]
    assert _findings(data, "SEC-006") == []


def test_personal_data_declared_as_statistics_still_needs_declared_access() -> None:
    data = template_data("flow")
    del data["store"]["access"]
    for item in data["data_items"]:
        item["data_class"] = "statistics"
    assert _findings(data, "SEC-006")


def test_an_os_owner_alone_declares_access() -> None:
    data = template_data("flow")
    data["store"]["access"] = {"os_owner": "privacam"}
    assert _findings(data, "SEC-006") == []
    assert load_data(data).public.store.access.os_owner == "privacam"


def test_a_store_access_that_declares_nobody_is_refused() -> None:
    data = template_data("flow")
    data["store"]["access"] = {"readers": []}
    assert "store.access declares nobody" in load_error(dump_yaml(data))


def test_the_assessments_signoff_shows_each_attestation() -> None:
    data = _signed(template_data("repeat"), attests_no_improper_use=True)
    report = build_assessment(load_data(data), TEMPLATE_DAY)
    shown = {a.name.en: a.attested for a in report.signoff.attestations}
    assert shown == {
        "Attests no improper use (APPI 第19条)": True,
        "Attests exports serve the announced purposes only (APPI 第18条)": False,
    }
    markdown = render_markdown(report)
    assert "Attests no improper use (APPI 第19条) | 表明済み / attested |" in markdown
    assert "(APPI 第18条) | 未表明 / not attested |" in markdown
