"""Every rule fires on a deployment mutated to break it, and stays silent on the clean templates."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine

from privacam.policy.checks import all_rules, run_checks
from privacam.policy.citations import APPI_ARTICLES
from privacam.policy.face_matching import CALIBRATIONS, DEFAULT_EMBEDDER, MatchCalibration
from privacam.policy.findings import Severity
from tests.policy.conftest import CASES, TEMPLATE_DAY, load_data, template_data


def _set(path: str, value: Any):
    """A mutation that sets a dotted path (``a.b[0].c``) to ``value``; None deletes it."""

    def change(data: dict[str, Any]) -> None:
        keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
        node = data
        for key in keys[:-1]:
            node = node[key]
        if value is None:
            del node[keys[-1]]
        else:
            node[keys[-1]] = value

    return change


def _item(key: str, field: str, value: Any):
    def change(data: dict[str, Any]) -> None:
        item = next(i for i in data["data_items"] if i["key"] == key)
        item[field] = value

    return change


def _drop_item(key: str):
    def change(data: dict[str, Any]) -> None:
        data["data_items"] = [i for i in data["data_items"] if i["key"] != key]

    return change


def _both(*changes):
    def change(data: dict[str, Any]) -> None:
        for one in changes:
            one(data)

    return change


def _identity(data: dict[str, Any]) -> None:
    return None


_US = {"code": "US", "name": {"ja": "米国", "en": "United States"}}
_QUARANTINE = {
    "key": "quarantine",
    "description": {"ja": "元画像", "en": "originals"},
    "data_class": "personal",
    "retention": "10d",
}

#: rule id → (case, mutation that must make exactly that rule fire)
MUTATIONS: dict[str, tuple[str, Any]] = {
    "ACC-001": ("counting", _set("inquiry", None)),
    "ACC-002": ("counting", _both(_set("operator.address", None), _set("operator.url", None))),
    "ACC-003": ("counting", _set("privacy_officer", None)),
    "ACC-004": ("counting", _identity),  # the template's examples are placeholders
    "ACC-005": ("counting", _set("review.next_review", date(2026, 3, 1))),
    "ACC-006": ("counting", _set("review.log", [])),
    "ACC-007": ("counting", _identity),  # nobody has signed the template
    "ACC-008": ("counting", _set("contractors[0].supervision", None)),
    "PUR-001": ("counting", _set("purposes[0].use", {"ja": "分析", "en": "analytics"})),
    "PUR-002": (
        "counting",
        _set(
            "purposes[0].use",
            {"ja": "通行量の計測と防犯", "en": "count traffic and support crime prevention"},
        ),
    ),
    "PUR-003": ("counting", _set("justification", None)),
    "PUR-004": ("attributes", _set("justification", None)),
    "PUR-005": ("counting", _set("justification.alternatives_considered", None)),
    "PUR-006": ("repeat", _set("inferred_attributes", ["age_bracket", "gender", "race"])),
    "PUR-007": ("counting", _set("inferred_attributes", ["gender"])),
    "PUR-008": ("repeat", _drop_item("face_features")),
    "PUR-009": (
        "counting",
        _set(
            "justification.proportionality",
            {
                "ja": "目的に照らして妥当な手段である",
                "en": "The means are reasonable for the purpose",
            },
        ),
    ),
    "PUR-010": ("counting", _set("cameras[0].resolution", [3840, 2160])),
    "DAT-001": ("counting", _item("raw_images", "retention", "1d")),
    "DAT-002": ("repeat", _item("face_features", "retention", "400d")),
    "DAT-003": (
        "street",
        _both(
            lambda d: d["data_items"].append(dict(_QUARANTINE)),
            _set("case_settings.street.quarantine_dir", "/var/privacam/quarantine"),
        ),
    ),
    "DAT-004": ("repeat", _item("face_features", "data_class", "statistics")),
    "DAT-005": ("repeat", _item("face_features", "retention", "300d")),
    "DAT-006": ("counting", _item("statistics", "at_expiry", "aggregate")),
    "DAT-007": ("counting", _set("period.end", date(2026, 1, 1))),
    "DAT-008": ("counting", lambda d: d["data_items"].append(dict(_QUARANTINE, key="face_crops"))),
    "HAN-001": ("counting", _set("third_party.recipients[0].data", "personal")),
    "HAN-002": ("counting", _set("third_party.recipients", [])),
    "HAN-003": ("flow", _set("linking.member_data", True)),
    "HAN-004": ("crowd", _set("publication.k", 1)),
    "HAN-005": ("counting", _set("processing.place", "cloud")),
    "HAN-006": (
        "counting",
        _both(_set("processing.place", "cloud"), _set("processing.countries", [_US])),
    ),
    "HAN-007": ("counting", _set("processing.raw_images_leave_edge", True)),
    "HAN-008": ("crowd", _set("publication.url", None)),
    "ATT-001": ("counting", _set("inquiry.staff_briefing", None)),
    "ATT-002": ("counting", _set("review.log[0].changes", None)),
    "ATT-003": ("counting", _identity),  # nobody has signed the template
    "ATT-004": ("counting", _identity),  # nobody has signed the template
    "ATT-005": ("counting", _set("justification.portrait_rights", None)),
    "SEC-001": ("counting", _set("security.physical", [])),
    "SEC-002": ("counting", _set("store.url", "postgresql://privacam:hunter2@db/privacam")),
    "SEC-003": ("repeat", lambda d: d["security"]["technical"].pop()),
    "SEC-004": ("counting", _set("operator.name", {"ja": "${OPERATOR}", "en": "Operator"})),
    "SEC-005": ("counting", _set("cameras[0].source", "rtsp://u:${PRIVACAM_UNSET_TEST_VAR}@h/s")),
    "SEC-006": ("flow", _set("store.access", None)),
    "NOT-001": ("counting", _set("cameras[0].notice.before_capture_area", False)),
    "NOT-002": ("counting", _set("notice_url", "http://example.jp/privacy")),  # not https
    "NOT-003": ("counting", _set("prior_announcement.published_on", date(2026, 6, 1))),
    "NOT-004": ("counting", _set("cameras[0].notice.languages", ["ja"])),
    "NOT-005": ("counting", _set("requests.url", None)),
    "NOT-006": ("counting", _set("cameras[0].notice.distance_to_area_m", None)),
    "NOT-007": ("crowd", _set("cameras[0].notice.languages", ["ja", "en", "zh-Hans"])),
    "CAS-001": ("repeat", _set("requests.opt_out", None)),
    "CAS-002": ("repeat", _set("case_settings.repeat.notice_states_face_recognition", False)),
    "CAS-003": ("repeat", _set("case_settings.repeat.delete_unmatched_immediately", False)),
    "CAS-004": (
        "repeat",
        _both(
            _set("third_party.joint_use", True),
            _set("third_party.joint_users", {"ja": "グループ会社", "en": "group companies"}),
        ),
    ),
    "CAS-005": ("crowd", _set("case_settings.crowd.icons_only", False)),
    "CAS-006": ("crowd", _set("case_settings.crowd.overwrite_interval", "120s")),
    "CAS-007": ("crowd", _set("case_settings.crowd.store_individual_tracks", True)),
    "CAS-008": ("crowd", _set("prior_announcement.published_on", None)),
    "CAS-009": ("crowd", _set("case_settings.crowd.reuses_security_footage", True)),
    "CAS-010": ("street", _set("case_settings.street.mask", ["faces"])),
    "CAS-011": ("street", _set("case_settings.street.keep_audio", True)),
    "CAS-012": ("street", _set("case_settings.street.quarantine_dir", "/var/privacam/q")),
    "CAS-013": (
        "counting",
        _both(_set("cameras[0].lines", []), _set("cameras[0].zones", [])),
    ),
    "CAS-014": ("flow", _set("site.floor_plan", None)),
    "CAS-015": ("counting", _set("case_settings.crowd", {})),
    "CAS-016": ("attributes", _set("inferred_attributes", [])),
    "CAS-017": ("repeat", _identity),  # repeat analysis has the highest impact level
    # Absolute, so it is checked without a deployment file to resolve it against.
    "CAS-018": ("crowd", _set("site.floor_plan", "/nonexistent/privacam/floorplan.png")),
    "CAS-019": ("repeat", _set("case_settings.repeat.stores", [])),
    # Looser than any measured safe threshold (the fixture below supplies one if none is).
    "CAS-020": ("repeat", _set("case_settings.repeat.match_threshold", 0.05)),
    "CAS-021": ("repeat", _identity),  # repeat analysis always states its gallery limit
    "CAS-022": ("repeat", _set("site.id", "shibuya")),
    "PUR-015": (
        "counting",
        _set(
            "purposes[0].use",
            {"ja": "顔認証で通行人を照合", "en": "face recognition of passers-by"},
        ),
    ),
}

#: Rules that fire on the untouched templates by design.
_FIRE_ON_TEMPLATES = {"ACC-004", "ACC-007", "CAS-017", "CAS-021", "ATT-003", "ATT-004"}


@pytest.fixture(autouse=True)
def _a_measured_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """CAS-020 compares with the embedder's measured threshold: make sure one exists."""
    if DEFAULT_EMBEDDER not in CALIBRATIONS:
        fake = MatchCalibration(DEFAULT_EMBEDDER, 0.3, 0.9, 0.0, 1000, 100, "tests")
        monkeypatch.setitem(CALIBRATIONS, DEFAULT_EMBEDDER, fake)


def _findings(loaded, rule_id: str):
    return run_checks(loaded.public, today=TEMPLATE_DAY).for_rule(rule_id)


#: The articles of APPI that GUIDEBOOK.md §6 lists (numbered as in force since April 2022).
_APPI_ARTICLES = "|".join(str(article) for article in APPI_ARTICLES)
#: The sections of the guidebook that rules cite by their own name (GUIDEBOOK.md §6).
_GUIDEBOOK_SECTIONS = ("ガイドブック 3.2 プライバシー保護", "取得時の配慮", "事前告知")
_BASIS = re.compile(
    r"^(GB §[1-6]"
    rf"|APPI 第({_APPI_ARTICLES})条(第\d+項)?"
    r"|PPC \S.* \(20\d\d\)"
    r"|privacam policy"
    rf"|{'|'.join(map(re.escape, _GUIDEBOOK_SECTIONS))})$"
)


def test_there_are_at_least_thirty_rules_each_with_basis_stage_and_bilingual_title() -> None:
    rules = all_rules()
    assert len(rules) >= 30
    for rule in rules:
        assert rule.basis, rule.id
        assert rule.title.ja and rule.title.en
        assert rule.id == rule.id.upper()


def test_every_rule_cites_a_basis_that_exists() -> None:
    wrong = {r.id: b for r in all_rules() for b in r.basis if not _BASIS.match(b)}
    assert wrong == {}


@pytest.mark.parametrize(
    "basis", ["GB §7", "APPI 第99条", "APPI 17条", "PPC", "guidebook", "privacam", ""]
)
def test_a_basis_that_cites_nothing_real_is_refused(basis: str) -> None:
    assert not _BASIS.match(basis)


def test_every_rule_has_a_mutation_that_makes_it_fire() -> None:
    assert set(MUTATIONS) == {rule.id for rule in all_rules()}


@pytest.mark.parametrize("rule_id", sorted(MUTATIONS))
def test_mutation_fires_its_rule(rule_id: str, mutated) -> None:
    case, change = MUTATIONS[rule_id]
    findings = _findings(mutated(case, change), rule_id)
    assert findings, f"{rule_id} did not fire"
    finding = findings[0]
    assert finding.message.ja and finding.message.en
    assert finding.basis


@pytest.mark.parametrize("rule_id", sorted(set(MUTATIONS) - _FIRE_ON_TEMPLATES))
def test_rule_is_silent_on_the_untouched_template(rule_id: str, mutated) -> None:
    case, _ = MUTATIONS[rule_id]
    assert not _findings(mutated(case, _identity), rule_id)


@pytest.mark.parametrize("case", CASES)
def test_templates_have_no_errors(case: str) -> None:
    report = run_checks(load_data(template_data(case)).public, today=TEMPLATE_DAY)
    assert report.errors == []
    assert report.exit_code == 0


def _without_placeholders(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_placeholders(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_placeholders(v) for v in node]
    if isinstance(node, str):
        node = node.replace("（例）", "").replace(" (example)", "")
        node = re.sub("example", "sample-shop", node, flags=re.IGNORECASE)
    return node


@pytest.mark.parametrize("case", CASES)
def test_a_completed_template_has_no_findings_but_its_impact_and_gallery_notes(case: str) -> None:
    data = _without_placeholders(template_data(case))
    data["signoff"] = {
        "prepared_by": {"name": "山田", "role": "DPO", "date": "2026-03-30"},
        "approved_by": {"name": "佐藤", "role": "CEO", "date": "2026-03-31"},
        "residual_risk_accepted": True,
        "attests_no_improper_use": True,
        "attests_exports_within_purposes": True,
    }
    report = run_checks(load_data(data).public, today=TEMPLATE_DAY)
    assert {f.rule_id for f in report.findings} <= {"CAS-017", "CAS-021"}


# The five mutations the foundation issue names, spelled out.
def test_race_in_inferred_attributes_is_an_error(mutated) -> None:
    loaded = mutated("attributes", _set("inferred_attributes", ["age_bracket", "race"]))
    findings = _findings(loaded, "PUR-006")
    assert [f.severity for f in findings] == [Severity.error]
    assert findings[0].path == "inferred_attributes[1]"
    assert "人種" in findings[0].message.ja


def test_repeat_features_kept_400_days_is_an_error(mutated) -> None:
    loaded = mutated("repeat", _item("face_features", "retention", "400d"))
    report = run_checks(loaded.public, today=TEMPLATE_DAY)
    assert "DAT-002" in {f.rule_id for f in report.errors}
    assert report.exit_code == 1


def test_missing_inquiry_point_is_an_error(mutated) -> None:
    report = run_checks(mutated("flow", _set("inquiry", None)).public, today=TEMPLATE_DAY)
    assert "ACC-001" in {f.rule_id for f in report.errors}


def test_public_space_without_justification_is_an_error_private_only_a_warning(mutated) -> None:
    public = mutated("counting", _set("justification", None))
    private = mutated(
        "counting", _both(_set("justification", None), _set("site.space_type", "private"))
    )
    assert _findings(public, "PUR-003")[0].severity is Severity.error
    assert not _findings(private, "PUR-003")
    assert _findings(private, "PUR-004")[0].severity is Severity.warning


def test_cloud_abroad_without_countries_is_an_error(mutated) -> None:
    loaded = mutated(
        "counting", _both(_set("processing.place", "cloud"), _set("processing.provider", "AWS"))
    )
    report = run_checks(loaded.public, today=TEMPLATE_DAY)
    assert "HAN-005" in {f.rule_id for f in report.errors}


def test_domestic_cloud_needs_no_regime(mutated) -> None:
    japan = {"code": "JP", "name": {"ja": "日本", "en": "Japan"}}
    loaded = mutated(
        "counting", _both(_set("processing.place", "cloud"), _set("processing.countries", [japan]))
    )
    report = run_checks(loaded.public, today=TEMPLATE_DAY)
    assert not report.for_rule("HAN-005") and not report.for_rule("HAN-006")


def test_review_date_falls_due_with_the_frozen_clock() -> None:
    loaded = load_data(template_data("counting"))  # next review 2027-04-01
    with time_machine.travel(date(2027, 3, 31), tick=False):
        assert not run_checks(loaded.public).for_rule("ACC-005")
    with time_machine.travel(date(2027, 4, 20), tick=False):
        overdue = run_checks(loaded.public).for_rule("ACC-005")
    assert overdue and "19" in overdue[0].message.en


def test_findings_are_ordered_errors_first(mutated) -> None:
    loaded = mutated("counting", _set("inquiry", None))
    severities = [f.severity for f in run_checks(loaded.public, today=TEMPLATE_DAY).findings]
    order = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
    assert severities == sorted(severities, key=order.get)
