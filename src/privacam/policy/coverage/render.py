"""docs/guidebook-coverage.md: the statements of GUIDEBOOK.md and what answers each."""

from __future__ import annotations

from collections import Counter

from privacam.policy.coverage.model import Statement
from privacam.policy.coverage.statements import STATEMENTS

_SECTIONS = {
    "0": "Introduction: scope and reader",
    "1": "§1 Principles",
    "2": "§2 Stages",
    "3": "§3 The on-site notice",
    "4": "§4 The six application cases",
    "5": "§5 Rights and duties under APPI",
    "6": "§6 Numbers privacam fixes, and how to cite",
}

_HEADER = """# GUIDEBOOK.md coverage

Generated from the code by `make docs` (`python -m privacam.policy.coverage`); do not edit.
Each statement of `../shared/GUIDEBOOK.md` (quoted), what answers it, and the tests that
check it. Status: **covered** (rules, notice items or behaviours, with tests),
**not built** (the open issue that builds it), **human-attested** (a field of the deployment
file a person fills in, which a rule checks is filled). Every rule listed is also tested by
its mutation test, `tests/policy/test_checks.py::test_mutation_fires_its_rule[RULE]`.
The statements live in `src/privacam/policy/coverage/statements.py`; rule ids are in
[rules.md](rules.md), fields in [deployment.md](deployment.md).
"""

_STATUS = {"covered": "covered", "not_built": "not built", "human_attested": "human-attested"}


def _codes(values: tuple[str, ...] | list[str]) -> str:
    return "<br>".join(f"`{v}`" for v in values) or "–"


def _answer(statement: Statement) -> str:
    parts = []
    if statement.fields:
        parts.append("fields: " + ", ".join(f"`{f}`" for f in statement.fields))
    if statement.issue is not None:
        parts.append(f"issue {statement.issue}")
    if statement.note:
        parts.append(statement.note)
    return "; ".join(parts) or "–"


def _row(s: Statement) -> str:
    quote = s.quote.replace("|", "\\|")
    return (
        f"| {s.id} | {quote} | {_STATUS[s.status]} | {_codes(s.rules)} | "
        f"{_codes(s.notice)} | {_codes(s.tests)} | {_answer(s)} |"
    )


def generate(statements: tuple[Statement, ...] = STATEMENTS) -> str:
    counts = Counter(s.status for s in statements)
    summary = ", ".join(f"{counts[k]} {label}" for k, label in _STATUS.items())
    lines = [_HEADER, f"{len(statements)} statements: {summary}.", ""]
    for key, title in _SECTIONS.items():
        rows = [s for s in statements if s.section == key]
        if not rows:
            continue
        lines += [
            f"## {title}",
            "",
            "| id | statement | status | rules | notice | tests | field, issue, note |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *(_row(s) for s in rows),
            "",
        ]
    return "\n".join(lines)
