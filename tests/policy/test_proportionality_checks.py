"""Mutation tests of proportionality (issue 13, partly covered 2): the justification names
the means the guidebook weighs, and no camera has more pixels than its case needs.
"""

from __future__ import annotations

import pytest

from privacam.policy.case_profiles import PROFILES
from privacam.policy.findings import Severity
from privacam.policy.spec import Case
from tests.policy.conftest import CASES
from tests.policy.mutation_helpers import findings_of as _findings
from tests.policy.mutation_helpers import severities as _severities
from tests.policy.mutation_helpers import text as _text


# 2. Proportionality: the four means, and resolution per case.
def test_a_proportionality_text_naming_none_of_the_four_means_is_warned(mutated) -> None:
    vague = _text("目的に照らして妥当な手段である", "The means are reasonable for the purpose")
    findings = _findings(
        mutated,
        "counting",
        lambda d: d["justification"].update(proportionality=vague),
        "PUR-009",
    )
    assert _severities(findings) == {Severity.warning}
    assert "解像度" in findings[0].message.ja and "resolution" in findings[0].message.en


def test_a_proportionality_text_naming_one_means_is_enough(mutated) -> None:
    one = _text("撮影範囲を入口の内側に限る", "The field of view is limited to inside the door")
    change = lambda d: d["justification"].update(proportionality=one)  # noqa: E731
    assert not _findings(mutated, "attributes", change, "PUR-009")


@pytest.mark.parametrize(
    ("case", "enough", "too_much"),
    [
        ("attributes", [1920, 1080], [2560, 1440]),
        ("flow", [1920, 1080], [2560, 1440]),
        ("repeat", [2560, 1440], [3840, 2160]),
        ("counting", [1080, 1920], [3840, 2160]),
        ("street", [3840, 2160], [7680, 4320]),
        ("crowd", [1920, 1080], [2048, 1536]),
    ],
)
def test_a_camera_above_what_its_case_needs_is_warned_with_the_need(
    mutated, case, enough, too_much
) -> None:
    def resolution(value):
        return lambda d: d["cameras"][0].update(resolution=value)

    assert not _findings(mutated, case, resolution(enough), "PUR-010")
    findings = _findings(mutated, case, resolution(too_much), "PUR-010")
    assert _severities(findings) == {Severity.warning}
    need = str(PROFILES[Case(case)].resolution_need)
    assert need in findings[0].message.ja and need in findings[0].message.en
    assert findings[0].path == "cameras[0].resolution"


@pytest.mark.parametrize("case", CASES)
def test_every_case_states_the_resolution_it_needs_and_why(case: str) -> None:
    need = PROFILES[Case(case)].resolution_need
    assert need is not None and need.reason.ja and need.reason.en
    assert need.long_side >= need.short_side
    assert not need.exceeded_by(640, 480), "the templates' cameras fit their case"
