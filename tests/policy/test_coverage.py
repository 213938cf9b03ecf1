"""docs/guidebook-coverage.md: every statement of GUIDEBOOK.md mapped, and every name in the
map real (rules, notice items, tests, deployment-file fields).

GUIDEBOOK.md lives beside the checkout (``../shared/GUIDEBOOK.md``), as in CI; the tests
that read it skip with a reason where it is absent.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel

from privacam.policy.checks import all_rules
from privacam.policy.coverage.guidebook import NOT_REQUIREMENTS, normalise, requirement_units
from privacam.policy.coverage.model import RULE_MUTATION_TEST, Statement
from privacam.policy.coverage.render import generate
from privacam.policy.coverage.statements import STATEMENTS
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.notice.content import Section, SignContent, build_content
from privacam.policy.spec import Deployment
from tests.policy.conftest import CASES, TEMPLATE_DAY

REPO = Path(__file__).resolve().parents[2]
GUIDEBOOK = REPO.parent / "shared" / "GUIDEBOOK.md"


@pytest.fixture(scope="module")
def guidebook() -> str:
    if not GUIDEBOOK.is_file():
        pytest.skip(f"GUIDEBOOK.md is not beside the checkout ({GUIDEBOOK})")
    return GUIDEBOOK.read_text(encoding="utf-8")


def test_coverage_page_in_docs_is_generated_from_the_code() -> None:
    committed = (REPO / "docs" / "guidebook-coverage.md").read_text(encoding="utf-8")
    assert committed == generate(), "docs/guidebook-coverage.md is stale: run `make docs`"


def test_every_statement_quotes_guidebook_verbatim(guidebook: str) -> None:
    text = normalise(guidebook)
    assert [s.id for s in STATEMENTS if normalise(s.quote) not in text] == []


def test_every_requirement_of_guidebook_is_quoted_by_a_statement(guidebook: str) -> None:
    unmapped = [
        unit
        for unit in requirement_units(guidebook)
        if not any(normalise(s.quote) in unit for s in STATEMENTS)
        and not any(unit.startswith(prefix) for prefix in NOT_REQUIREMENTS)
    ]
    assert unmapped == []


def test_a_requirement_added_to_guidebook_is_caught_unmapped(guidebook: str) -> None:
    added = guidebook + "\n- A new duty nobody has mapped yet. [GB]\n"
    units = requirement_units(added)
    assert "A new duty nobody has mapped yet. [GB]" in units


def test_statement_ids_are_unique_and_name_their_section() -> None:
    ids = [s.id for s in STATEMENTS]
    assert len(ids) == len(set(ids))
    assert all(s.id.startswith("GB") and s.section in "0123456" for s in STATEMENTS)


# ------------------------------------------------------------------ names that must exist


@cache
def _test_functions() -> dict[str, set[str]]:
    """file → names of its module-level test functions."""
    found: dict[str, set[str]] = {}
    for path in (REPO / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        found[path.relative_to(REPO).as_posix()] = names
    return found


def _web_keys(sections: tuple[Section, ...]) -> Iterator[str]:
    for section in sections:
        yield section.key
        yield from _web_keys(section.parts)


@cache
def _notice_items() -> frozenset[str]:
    items = {f"sign.{f.name}" for f in dataclasses.fields(SignContent)}
    at = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    for case in CASES:
        loaded = load_spec_text(render_template(case, today=TEMPLATE_DAY))
        web = build_content(loaded.public, "ja", loaded.sha256, at).web
        items |= {f"web.{key}" for key in _web_keys(web.sections)}
    return frozenset(items)


def _field_exists(path: str, model: type[BaseModel] = Deployment) -> bool:
    head, _, rest = path.partition(".")
    info = model.model_fields.get(head)
    if info is None:
        return False
    if not rest:
        return True
    return any(_field_exists(rest, candidate) for candidate in _models_in(info.annotation))


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _models_in(arg)


def problems_of(statement: Statement) -> list[str]:
    """What is wrong with one statement's map: names that do not exist, a status unmet."""
    rules = {r.id for r in all_rules()}
    tests = _test_functions()
    found = [f"rule {r}" for r in statement.rules if r not in rules]
    found += [f"notice {n}" for n in statement.notice if n not in _notice_items()]
    for node in statement.tests:
        file, _, name = node.partition("::")
        if name not in tests.get(file, set()):
            found.append(f"test {node}")
    found += [f"field {f}" for f in statement.fields if not _field_exists(f)]
    if statement.status == "covered" and not statement.all_tests():
        found.append("covered without a test")
    if statement.status == "covered" and not (
        statement.rules or statement.notice or statement.tests
    ):
        found.append("covered by nothing")
    if statement.status == "not_built" and statement.issue is None:
        found.append("not built without the issue that builds it")
    if statement.status == "human_attested" and not (statement.fields and statement.rules):
        found.append("human-attested without a field and the rule that checks it is filled")
    return found


def test_every_name_in_the_map_exists_and_every_status_is_met() -> None:
    wrong = {s.id: p for s in STATEMENTS if (p := problems_of(s))}
    assert wrong == {}


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (Statement("GB9-01", "x", "covered", rules=("XXX-999",)), "rule XXX-999"),
        (Statement("GB9-02", "x", "covered", notice=("sign.nothing",)), "notice sign.nothing"),
        (
            Statement("GB9-03", "x", "covered", tests=("tests/policy/test_checks.py::test_gone",)),
            "test tests/policy/test_checks.py::test_gone",
        ),
        (
            Statement(
                "GB9-04", "x", "human_attested", rules=("ACC-007",), fields=("signoff.nope",)
            ),
            "field signoff.nope",
        ),
        (Statement("GB9-05", "x", "covered"), "covered without a test"),
        (Statement("GB9-06", "x", "not_built"), "not built without the issue that builds it"),
    ],
)
def test_a_wrong_name_or_an_unmet_status_is_caught(broken: Statement, problem: str) -> None:
    assert problem in problems_of(broken)


def test_every_rule_answers_a_statement_or_is_privacam_policy_only() -> None:
    mapped = {r for s in STATEMENTS for r in s.rules}
    unmapped = {r.id for r in all_rules() if r.id not in mapped and r.basis != ("privacam policy",)}
    assert unmapped == set()


def test_rule_mutation_tests_are_named_as_test_checks_parametrizes_them() -> None:
    file, _, name = RULE_MUTATION_TEST.partition("::")
    assert name.split("[")[0] in _test_functions()[file]
