"""Render the assessment as one self-contained HTML page (Jinja2, autoescaped)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from privacam.policy.assessment import labels
from privacam.policy.assessment.model import Assessment
from privacam.policy.findings import STAGE_NAMES

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["L"] = {
        "SEVERITIES": labels.SEVERITIES,
        "RISK_LEVELS": labels.RISK_LEVELS,
        "FACTORS": labels.FACTORS,
        "DISCLAIMER": labels.DISCLAIMER,
        "RISK_METHOD": labels.RISK_METHOD,
        "STAGES": {stage.value: name for stage, name in STAGE_NAMES.items()},
    }
    return env


def render_html(assessment: Assessment) -> str:
    """The report as HTML text."""
    return _environment().get_template("assessment.html.j2").render(a=assessment)
