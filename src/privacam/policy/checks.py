"""``privacam check``: run every rule on a deployment and collect the findings.

Rules live in :mod:`privacam.policy.rules`, one module per theme; each is a
function registered with :func:`rule`, declaring its id, severity, basis, stage,
a checklist title and the fields it reads (the assessment shows those fields'
values as evidence).

>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> report = run_checks(load_spec_text(render_template("counting")).public)
>>> report.errors
[]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from privacam.policy.findings import Finding, Severity, Stage
from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Case, Deployment

if TYPE_CHECKING:
    from privacam.policy.loader import LoadedSpec

#: What a rule function yields: (message ja, message en) or (message ja, message en, field path).
Problem = tuple[str, str] | tuple[str, str, str]


@dataclass(frozen=True)
class CheckContext:
    """What a rule may read besides the deployment: today's date in the deployment's zone,
    and the folder of the deployment file, against which the files it names are resolved
    (None when the deployment did not come from a file: such checks are then skipped),
    and the names of the environment variables that are set (never their values)."""

    today: dt.date
    base_dir: Path | None = None
    environment: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    basis: tuple[str, ...]
    stage: Stage
    title: LocalizedText
    fields: tuple[str, ...]
    check: Callable[[Deployment, CheckContext], Iterable[Problem]]
    #: The cases the rule is about; empty for a rule of every deployment. A rule of other
    #: cases finds nothing by construction, which is "not applicable", not "passed".
    cases: frozenset[Case] = frozenset()

    def applies_to(self, case: Case) -> bool:
        return not self.cases or case in self.cases

    def run(self, spec: Deployment, context: CheckContext) -> list[Finding]:
        findings = []
        for problem in self.check(spec, context):
            ja, en, *path = problem
            findings.append(
                Finding(
                    rule_id=self.id,
                    severity=self.severity,
                    basis=self.basis,
                    message=LocalizedText({"ja": ja, "en": en}),
                    path=path[0] if path else (self.fields[0] if self.fields else None),
                )
            )
        return findings


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    severity: Severity | str,
    basis: Iterable[str],
    stage: Stage | str,
    title: tuple[str, str],
    fields: Iterable[str] = (),
    cases: Iterable[Case | str] = (),
) -> Callable[[Callable[[Deployment, CheckContext], Iterable[Problem]]], Rule]:
    """Register a rule. The function yields one :data:`Problem` per violation found."""

    def register(function: Callable[[Deployment, CheckContext], Iterable[Problem]]) -> Rule:
        if rule_id in RULES:
            raise RuntimeError(f"duplicate rule id {rule_id}")
        registered = Rule(
            id=rule_id,
            severity=Severity(severity),
            basis=tuple(basis),
            stage=Stage(stage),
            title=LocalizedText({"ja": title[0], "en": title[1]}),
            fields=tuple(fields),
            check=function,
            cases=frozenset(Case(case) for case in cases),
        )
        RULES[rule_id] = registered
        return registered

    return register


@dataclass(frozen=True)
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    #: Rule id → whether it passed (produced no finding).
    passed: dict[str, bool] = field(default_factory=dict)

    def _of(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity is severity]

    @property
    def errors(self) -> list[Finding]:
        return self._of(Severity.error)

    @property
    def warnings(self) -> list[Finding]:
        return self._of(Severity.warning)

    @property
    def infos(self) -> list[Finding]:
        return self._of(Severity.info)

    def for_rule(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule_id == rule_id]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def today_in(spec: Deployment) -> dt.date:
    """Today's date in the deployment's time zone (reviews fall due by local date)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(spec.timezone)).date()


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by id."""
    import privacam.policy.rules  # noqa: F401  registers the rules on import

    return [RULES[key] for key in sorted(RULES)]


def run_checks(
    spec: Deployment,
    *,
    today: dt.date | None = None,
    base_dir: Path | None = None,
    environment: Iterable[str] | None = None,
) -> CheckReport:
    """Run every rule on ``spec``; ``today`` defaults to the local date of the deployment,
    ``base_dir`` is the folder relative file names in it are read from, ``environment``
    (the names of the variables that are set) defaults to this process's."""
    names = frozenset(os.environ if environment is None else environment)
    context = CheckContext(today=today or today_in(spec), base_dir=base_dir, environment=names)
    findings: list[Finding] = []
    passed: dict[str, bool] = {}
    for registered in all_rules():
        found = registered.run(spec, context)
        findings += found
        passed[registered.id] = not found
    order = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
    findings.sort(key=lambda f: (order[f.severity], f.rule_id))
    return CheckReport(findings=findings, passed=passed)


def check_loaded(loaded: LoadedSpec, *, today: dt.date | None = None) -> CheckReport:
    """:func:`run_checks` on a loaded file's public spec, the files it names read beside it."""
    base_dir = loaded.path.parent if loaded.path is not None else None
    return run_checks(loaded.public, today=today, base_dir=base_dir)
