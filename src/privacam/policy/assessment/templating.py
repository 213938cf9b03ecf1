"""The Jinja2 environments the HTML and Markdown reports are rendered in.

Both see the report's fixed wording as ``L``; the HTML one escapes every value, the
Markdown one leaves escaping to the filters of :mod:`render_markdown`, because what is
safe in a Markdown table cell is not what is safe in HTML.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from privacam.policy.assessment import labels
from privacam.policy.findings import STAGE_NAMES

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment(*, autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
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
