"""Mutation tests of minimum data and case settings (issue 13, partly covered 5, 9, 10, and
CAS-016): data items the case does not generate, ③'s stores, ⑤'s unmasked originals, and
attributes a ①③ purpose speaks of.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from privacam.cli import main
from privacam.policy.findings import Severity
from tests.policy.conftest import dump_yaml, template_data
from tests.policy.mutation_helpers import findings_of as _findings
from tests.policy.mutation_helpers import purpose_text as _purpose
from tests.policy.mutation_helpers import severities as _severities
from tests.policy.mutation_helpers import text as _text


# 5. Minimum data: items the case does not generate, keys privacam has no rule for.
def _add_item(key: str, data_class: str = "personal", retention: str = "10y"):
    def change(data: dict[str, Any]) -> None:
        data["data_items"].append(
            {
                "key": key,
                "description": _text("追加データ", "extra data"),
                "data_class": data_class,
                "retention": retention,
            }
        )

    return change


def test_a_counting_file_keeping_face_crops_is_an_error(mutated) -> None:
    findings = _findings(mutated, "counting", _add_item("face_crops"), "DAT-008")
    assert _severities(findings) == {Severity.error}
    assert findings[0].path == "data_items[2].key"
    assert "face_crops" in findings[0].message.en


def test_a_counting_file_keeping_trajectories_is_an_error(mutated) -> None:
    findings = _findings(mutated, "counting", _add_item("trajectories", retention="90d"), "DAT-008")
    assert _severities(findings) == {Severity.error}
    assert "does not generate 'trajectories'" in findings[0].message.en


@pytest.mark.parametrize("key", ["quarantine", "raw_images"])
def test_street_may_declare_its_unmasked_originals(mutated, key) -> None:
    assert not _findings(mutated, "street", _add_item(key, retention="72h"), "DAT-008")


# 9. ③ shares features among the operator's own, listed stores.
@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["case_settings"]["repeat"].update(stores=[]),
        lambda d: d["case_settings"]["repeat"].pop("stores"),
    ],
    ids=["empty", "absent"],
)
def test_repeat_without_its_stores_listed_is_an_error(mutated, change) -> None:
    findings = _findings(mutated, "repeat", change, "CAS-019")
    assert _severities(findings) == {Severity.error}
    assert findings[0].path == "case_settings.repeat.stores"


# 10. ⑤ unmasked originals only briefly: the quarantine's ceiling applies to raw_images.
def test_street_raw_images_kept_ten_years_is_an_error(mutated) -> None:
    findings = _findings(mutated, "street", _add_item("raw_images"), "DAT-002")
    assert _severities(findings) == {Severity.error}
    assert "30日" in findings[0].message.ja and "30 days" in findings[0].message.en


def test_street_raw_images_kept_ten_days_is_warned(mutated) -> None:
    findings = _findings(mutated, "street", _add_item("raw_images", retention="10d"), "DAT-003")
    assert _severities(findings) == {Severity.warning}


def test_privacam_check_refuses_a_street_file_keeping_originals_ten_years(tmp_path) -> None:
    data = template_data("street")
    _add_item("raw_images")(data)
    path = tmp_path / "privacam.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        main(["check", str(path), "--format", "json"])
    assert done.value.code == 1
    findings = json.loads(out.getvalue())["findings"]
    assert ("DAT-002", "error") in {(f["rule"], f["severity"]) for f in findings}


# CAS-016 checks ③ as its title says: attributes a purpose speaks of are declared.
def test_a_repeat_purpose_estimating_age_and_gender_undeclared_is_warned(mutated) -> None:
    def change(data: dict[str, Any]) -> None:
        data["inferred_attributes"] = []
        _purpose(
            "use",
            "顔特徴量を抽出して再来店を識別し、年齢層と性別も推定",
            "recognise returning visitors and also estimate age bracket and gender",
        )(data)

    findings = _findings(mutated, "repeat", change, "CAS-016")
    assert _severities(findings) == {Severity.warning}
    assert {"年齢", "性別"} <= {w for f in findings for w in ("年齢", "性別") if w in f.message.ja}


@pytest.mark.parametrize(
    ("ja", "en"),
    [
        (
            "顔特徴量を抽出して同一人物の再来店を識別",
            "extract features to recognise returning visitors",
        ),
        ("再来店を識別し、年齢や性別は推定しない", "recognise returning visitors, never their age"),
    ],
)
def test_a_repeat_file_whose_purposes_estimate_no_attribute_needs_none(mutated, ja, en) -> None:
    def change(data: dict[str, Any]) -> None:
        data["inferred_attributes"] = []
        _purpose("use", ja, en)(data)

    assert not _findings(mutated, "repeat", change, "CAS-016")
