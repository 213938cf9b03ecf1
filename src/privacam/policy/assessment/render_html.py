"""Render the assessment as one self-contained HTML page (Jinja2, autoescaped)."""

from __future__ import annotations

from privacam.policy.assessment.model import Assessment
from privacam.policy.assessment.templating import environment


def render_html(assessment: Assessment) -> str:
    """The report as HTML text."""
    return environment(autoescape=True).get_template("assessment.html.j2").render(a=assessment)
