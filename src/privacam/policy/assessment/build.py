"""Assemble the assessment from a loaded deployment file: always from its public copy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from privacam.policy.assessment.analysis import build_analysis
from privacam.policy.assessment.checklist import build_check_summary, build_checklist
from privacam.policy.assessment.context import build_context
from privacam.policy.assessment.inventory import build_inventory
from privacam.policy.assessment.labels import t
from privacam.policy.assessment.model import Assessment
from privacam.policy.assessment.risks import build_risks
from privacam.policy.assessment.signoff import build_residual_summary, build_signoff
from privacam.policy.case_profiles import PROFILES
from privacam.policy.checks import all_rules, run_checks, today_in
from privacam.policy.loader import LoadedSpec


def build_assessment(loaded: LoadedSpec, today: dt.date | None = None) -> Assessment:
    """The assessment report of a deployment as data.

    Everything is derived from ``loaded.public`` (``${ENV}`` placeholders, never their
    values); ``today`` defaults to the local date of the deployment's time zone.

    >>> from privacam.policy.deployment_template import render_template
    >>> from privacam.policy.loader import load_spec_text
    >>> report = build_assessment(load_spec_text(render_template("counting")), dt.date(2026, 5, 1))
    >>> [stage.name.en for stage in report.checklist][:3], report.signoff.status
    (['Plan', 'Design', 'Prior announcement'], 'unsigned')
    """
    spec = loaded.public
    today = today or today_in(spec)
    rules = all_rules()
    report = run_checks(spec, today=today, base_dir=loaded.path.parent if loaded.path else None)
    risks = build_risks(spec, report, rules, today)
    profile = PROFILES[spec.case]
    assessment = Assessment(
        title=t(
            f"カメラ画像利活用 影響評価書 — {profile.number} {profile.title.ja}",
            f"Camera data privacy impact assessment — {profile.number} {profile.title.en}",
        ),
        context=build_context(loaded, today),
        inventory=build_inventory(spec),
        analysis=build_analysis(spec),
        checklist=build_checklist(spec, report, rules),
        risks=risks,
        residual=build_residual_summary(risks),
        signoff=build_signoff(spec.signoff),
        checks=build_check_summary(report, rules, spec.case),
    )
    return _without_secrets(assessment, loaded)


#: Secrets shorter than this are not searched for: replacing every "1" in a report would
#: corrupt it, and the report is built from the public copy, which holds no secret anyway.
_MIN_SECRET_LENGTH = 4


def _without_secrets(assessment: Assessment, loaded: LoadedSpec) -> Assessment:
    """Belt and braces: replace any secret value that still reached the report by ``${NAME}``."""
    secrets = {
        name: value for name, value in loaded.secrets.items() if len(value) >= _MIN_SECRET_LENGTH
    }
    if not secrets:
        return assessment

    def clean(node: Any) -> Any:
        if isinstance(node, str):
            for name, value in sorted(secrets.items(), key=lambda kv: -len(kv[1])):
                node = node.replace(value, "${" + name + "}")
            return node
        if isinstance(node, dict):
            return {key: clean(value) for key, value in node.items()}
        if isinstance(node, list):
            return [clean(value) for value in node]
        return node

    data = assessment.model_dump(mode="json")
    cleaned = clean(data)
    return assessment if cleaned == data else Assessment.model_validate(cleaned)
