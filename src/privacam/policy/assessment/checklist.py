"""The checklist: every rule, grouped by the six stages of chapter 4, with its evidence.

Each item is one rule of :mod:`privacam.policy.rules`: its title and basis, the
values of the fields it reads (from the public copy of the deployment, so no
secret appears) and its result. Every stage is listed, even one with no rule.
A rule of other application cases is "not applicable": it could find nothing here, so
it must not read as passed.
"""

from __future__ import annotations

from collections.abc import Iterable

from privacam.policy.assessment import labels
from privacam.policy.assessment.evidence import evidence_for
from privacam.policy.assessment.model import (
    ChecklistItem,
    CheckSummary,
    EvidenceView,
    FindingView,
    StageChecklist,
)
from privacam.policy.checks import CheckReport, Rule
from privacam.policy.findings import STAGE_NAMES, Finding, Severity, Stage
from privacam.policy.spec import Case, Deployment

_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


def finding_view(finding: Finding, stage: Stage | None) -> FindingView:
    return FindingView(
        rule_id=finding.rule_id,
        severity=finding.severity.value,
        stage=stage.value if stage else "",
        basis=list(finding.basis),
        message=finding.message,
        path=finding.path,
    )


def _item(rule: Rule, spec: Deployment, report: CheckReport) -> ChecklistItem:
    findings = report.for_rule(rule.id)
    worst = min((f.severity for f in findings), key=_ORDER.__getitem__, default=None)
    if worst is not None:
        result = worst.value
    else:
        result = "pass" if rule.applies_to(spec.case) else "not_applicable"
    return ChecklistItem(
        rule_id=rule.id,
        title=rule.title,
        severity=rule.severity.value,
        basis=list(rule.basis),
        evidence=[
            EvidenceView(path=e.path, value=e.value) for e in evidence_for(spec, rule.fields)
        ],
        result=result,
        findings=[finding_view(f, rule.stage) for f in findings],
    )


def build_checklist(
    spec: Deployment, report: CheckReport, rules: Iterable[Rule]
) -> list[StageChecklist]:
    by_stage: dict[Stage, list[ChecklistItem]] = {stage: [] for stage in Stage}
    for registered in rules:
        by_stage[registered.stage].append(_item(registered, spec, report))
    stages = []
    for stage, items in by_stage.items():
        passed = sum(item.result == "pass" for item in items)
        not_applicable = sum(item.result == "not_applicable" for item in items)
        failed = len(items) - passed - not_applicable
        stages.append(
            StageChecklist(
                stage=stage.value,
                name=STAGE_NAMES[stage],
                items=items,
                passed=passed,
                failed=failed,
                not_applicable=not_applicable,
                counts=labels.stage_counts(passed, failed, not_applicable),
            )
        )
    return stages


def build_check_summary(report: CheckReport, rules: Iterable[Rule], case: Case) -> CheckSummary:
    rules = list(rules)
    stages = {registered.id: registered.stage for registered in rules}
    not_applicable = {
        r.id for r in rules if not r.applies_to(case) and report.passed.get(r.id, True)
    }
    total = len(report.passed)
    passed = sum(ok for rule_id, ok in report.passed.items() if rule_id not in not_applicable)
    return CheckSummary(
        rules_total=total,
        rules_passed=passed,
        rules_not_applicable=len(not_applicable),
        errors=len(report.errors),
        warnings=len(report.warnings),
        infos=len(report.infos),
        findings=[finding_view(f, stages.get(f.rule_id)) for f in report.findings],
        text=labels.check_summary(
            total,
            passed,
            len(not_applicable),
            len(report.errors),
            len(report.warnings),
            len(report.infos),
        ),
    )
