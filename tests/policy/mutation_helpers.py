"""Small helpers of the mutation tests: findings of one rule on a mutated template."""

from __future__ import annotations

from typing import Any

from privacam.policy.checks import run_checks
from privacam.policy.findings import Severity
from tests.policy.conftest import TEMPLATE_DAY


def text(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


def findings_of(mutated, case: str, change, rule_id: str):
    """The findings of ``rule_id`` on ``case``'s template with ``change`` applied."""
    report = run_checks(mutated(case, change).public, today=TEMPLATE_DAY)
    return report.for_rule(rule_id)


def purpose_text(part: str, ja: str, en: str):
    """A mutation that rewrites the first purpose's ``part`` (use or output)."""

    def change(data: dict[str, Any]) -> None:
        data["purposes"][0][part] = text(ja, en)

    return change


def severities(findings) -> set[Severity]:
    return {f.severity for f in findings}
