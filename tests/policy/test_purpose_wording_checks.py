"""Mutation tests of purpose wording (issue 13, partly covered 1, 4 and 11): identification
is out of scope, sensitive inferences are found however written, and purposes are specific.

Each test breaks one template in exactly one way, runs the checks and asserts the rule and
severity that must answer it.
"""

from __future__ import annotations

import pytest

from privacam.policy.checks import run_checks
from privacam.policy.findings import Severity
from tests.policy.conftest import TEMPLATE_DAY
from tests.policy.mutation_helpers import findings_of as _findings
from tests.policy.mutation_helpers import purpose_text as _purpose
from tests.policy.mutation_helpers import severities as _severities


# 1. Out of scope: identifying specific people, in Japanese and English.
@pytest.mark.parametrize(
    ("ja", "en"),
    [
        ("特定の個人を識別して来店回数を数える", "count visits per person"),
        ("来店客の本人を特定して記録する", "record visitors"),
        ("通行する人物を特定し通行量を計測", "count traffic"),
        ("通行量を計測する", "identify specific individuals among passers-by"),
        ("通行量を計測する", "count traffic by identifying particular persons"),
    ],
)
def test_a_purpose_identifying_specific_people_is_out_of_scope(mutated, ja, en) -> None:
    findings = _findings(mutated, "counting", _purpose("use", ja, en), "PUR-002")
    assert _severities(findings) == {Severity.warning}
    assert findings[0].path == "purposes[0]"


@pytest.mark.parametrize(
    ("ja", "en"),
    [
        ("個人を特定せずに通行量を計測", "count traffic without identifying individuals"),
        ("通行量を計測する（防犯目的ではない）", "count traffic; not for crime prevention"),
    ],
)
def test_a_purpose_promising_not_to_identify_people_is_in_scope(mutated, ja, en) -> None:
    assert not _findings(mutated, "counting", _purpose("use", ja, en), "PUR-002")


# 4. Sensitive inference: plurals, synonyms, Japanese, and purpose texts.
@pytest.mark.parametrize(
    ("attribute", "named"),
    [
        ("emotions", "感情"),
        ("emotion", "感情"),
        ("感情", "感情"),
        ("mood", "気分"),
        ("気分", "気分"),
        ("facial_expressions", "感情"),
        ("表情から内心", "内心"),
        ("religion", "宗教"),
        ("信条", "信条"),
        ("races", "人種"),
        ("人種", "人種"),
        ("health", "健康"),
        ("健康", "健康"),
        ("病歴", "健康"),
    ],
)
def test_a_sensitive_attribute_however_written_is_named_sensitive(
    mutated, attribute, named
) -> None:
    change = lambda d: d.update(inferred_attributes=["age_bracket", attribute])  # noqa: E731
    report = run_checks(mutated("attributes", change).public, today=TEMPLATE_DAY)
    findings = report.for_rule("PUR-006")
    assert _severities(findings) == {Severity.error}
    assert findings[0].path == "inferred_attributes[1]"
    assert named in findings[0].message.ja and "sensitive" in findings[0].message.en
    assert not report.for_rule("PUR-007"), "a sensitive inference is not merely unforeseen"


@pytest.mark.parametrize(
    ("part", "ja", "en", "named"),
    [
        ("use", "来店客の表情から感情を推定し時間帯別に集計", "tally visitors per hour", "感情"),
        ("use", "来店客を数える", "count visitors and estimate their emotions", "感情"),
        ("use", "来店客の健康状態を推定する", "count visitors per hour", "健康"),
        ("output", "気分ごとの来店者数", "visitor counts per mood", "気分"),
        ("output", "人種別の来店者数", "visitor counts by race", "人種"),
    ],
)
def test_an_inference_written_only_in_a_purpose_is_an_error(mutated, part, ja, en, named) -> None:
    findings = _findings(mutated, "attributes", _purpose(part, ja, en), "PUR-006")
    assert _severities(findings) == {Severity.error}
    assert findings[0].path == f"purposes[0].{part}"
    assert named in findings[0].message.ja


@pytest.mark.parametrize(
    ("ja", "en"),
    [
        ("健康増進のための通行量を分析し時間帯別に集計", "analyse traffic for health and safety"),
        ("マラソン大会の通過ランナー数を計測", "count runners passing during the city race"),
        ("年齢層と性別のみを集計し、感情は推定しない", "tally age and gender; never emotions"),
    ],
)
def test_everyday_words_in_a_purpose_are_not_taken_for_inference(mutated, ja, en) -> None:
    assert not _findings(mutated, "counting", _purpose("use", ja, en), "PUR-006")


# 11. Purposes specific enough to predict the handling (APPI 第17条).
@pytest.mark.parametrize(
    ("ja", "en"),
    [
        ("当社の事業活動全般に利用するため", "to use camera images in all of our business"),
        ("各種サービスの改善に利用するため", "to improve our services in many ways"),
        ("マーケティング等の目的で画像を分析", "analyse images for marketing and other purposes"),
        ("来店客の画像を分析して利用する", "analyse visitor images for various purposes"),
    ],
)
def test_vague_wording_anywhere_in_a_purpose_is_an_error(mutated, ja, en) -> None:
    findings = _findings(mutated, "attributes", _purpose("use", ja, en), "PUR-001")
    assert _severities(findings) == {Severity.error}
    assert findings[0].path == "purposes[0].use"


@pytest.mark.parametrize(
    ("ja", "en"),
    [
        ("事業に役立つ知見の獲得と今後の施策への活用", "insights that help our business grow"),
        ("売場づくりと品揃えの改善に役立てる", "to improve layout and assortment over time"),
    ],
)
def test_an_output_naming_no_concrete_result_is_an_error(mutated, ja, en) -> None:
    findings = _findings(mutated, "attributes", _purpose("output", ja, en), "PUR-001")
    assert _severities(findings) == {Severity.error}
    assert findings[0].path == "purposes[0].output"
