"""``privacam assess``: a PIA-style assessment report derived from the deployment file.

The report (context, data inventory and lifecycle, legitimacy / necessity /
proportionality, a checklist for each of the six stages of chapter 4, a scored
risk register, residual risk and sign-off, and the check summary) is built once
as data (:class:`Assessment`) and rendered to HTML, Markdown, JSON and PDF. It is
made from ``LoadedSpec.public`` only, so ``${ENV}`` secrets never reach a file.

>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> import datetime as dt
>>> report = build_assessment(load_spec_text(render_template("flow")), dt.date(2026, 5, 1))
>>> [r.id for r in report.risks if r.source == "case"]
['flow.linkage', 'flow.retention']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from privacam.policy.assessment.build import build_assessment
from privacam.policy.assessment.model import Assessment
from privacam.policy.assessment.render_html import render_html
from privacam.policy.assessment.render_markdown import render_markdown
from privacam.policy.assessment.write import SUFFIXES, output_paths, write_files
from privacam.policy.loader import LoadedSpec

__all__ = [
    "SUFFIXES",
    "Assessment",
    "build_assessment",
    "output_paths",
    "render_html",
    "render_markdown",
    "write_assessment",
]


def write_assessment(
    loaded: LoadedSpec, output: Path, *, today: dt.date | None = None
) -> list[Path]:
    """Write the report to ``output`` and its siblings (.html, .md, .json, .pdf); return the paths.

    The path given comes first in the list. Each file is written atomically.
    """
    return write_files(build_assessment(loaded, today), Path(output))
