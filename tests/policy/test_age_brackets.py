"""Case ①'s age brackets: each age in exactly one bracket, or a one-line error at load."""

from __future__ import annotations

import pytest

from privacam.policy.age_brackets import AgeBrackets
from tests.policy.conftest import dump_yaml, load_error, template_data


@pytest.mark.parametrize(
    ("brackets", "message"),
    [
        (["0-19", "25-39", "40+"], "does not start right after the previous one (at 20)"),
        (["0-19", "15-39", "40+"], "does not start right after the previous one (at 20)"),
        (["5-19", "20+"], "the first age bracket 5-19 does not start at 0"),
        (
            ["0-19", "20-39"],
            "the last age bracket 20-39 is closed: end with an open one such as 40+",
        ),
        (["0-19", "20+", "40-59"], "the open bracket 20+ must be the last one"),
        (["0-19", "twenty+"], "age bracket 'twenty+' is not of the form 0-19 or 60+"),
        (["0-19", "39-20", "40+"], "its upper end is below its lower end"),
        ([], "no age bracket is given"),
    ],
)
def test_bad_age_brackets_are_refused_at_load_in_one_line(brackets, message) -> None:
    data = template_data("attributes")
    data["case_settings"]["attributes"]["age_brackets"] = brackets
    error = load_error(dump_yaml(data))
    assert "case_settings.attributes.age_brackets" in error
    assert message in error
    assert "年齢層" in error  # and in Japanese


def test_every_age_falls_in_exactly_one_bracket() -> None:
    brackets = AgeBrackets.parse(["0-12", "13-19", "20-64", "65+"])
    assert [brackets.of(a) for a in (0, 12.99, 13, 19.5, 20, 64.9, 65, 120)] == [
        "0-12",
        "0-12",
        "13-19",
        "13-19",
        "20-64",
        "20-64",
        "65+",
        "65+",
    ]
    assert brackets.of(-3.0) == "0-12"  # an estimate below zero is a young face, not an error
    with pytest.raises(ValueError, match="not an age"):
        brackets.of(float("nan"))
