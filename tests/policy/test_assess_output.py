"""The Markdown and PDF text of the assessment stay as they were when their renderers change.

The expected outputs in ``assessment_outputs/`` were captured from the renderers before
they were split by section (issue 9); any change to them is a change in what the report
says. When a change is meant (a rule's message, a new section), regenerate them with
``PRIVACAM_REGENERATE_OUTPUTS=1 pytest tests/policy/test_assess_output.py`` and review
the diff like any other change.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from privacam.policy.assessment import build_assessment
from privacam.policy.assessment.model import Assessment
from privacam.policy.assessment.render_markdown import render_markdown
from privacam.policy.assessment.render_pdf import render_pdf
from tests.policy.conftest import CASES, cloud_abroad, load_data, template_data, united_states

OUTPUTS = Path(__file__).parent / "assessment_outputs"
TODAY = dt.date(2026, 4, 10)
#: The version is pinned so that a release does not change the expected text.
VERSION = "0.0.0-expected"


def _signed_abroad(data: dict[str, Any]) -> None:
    """Branches the templates leave out: a signed report, a cloud abroad, a missing item."""
    data["signoff"] = {
        "prepared_by": {"name": "山田 花子", "role": "個人情報保護管理者", "date": "2026-04-02"},
        "approved_by": {"name": "Taro Suzuki", "role": "CEO"},
        "residual_risk_accepted": True,
        "residual_risk_note": {"ja": "年1回見直す", "en": "Reviewed yearly"},
    }
    data["processing"] = cloud_abroad(
        "ExampleCloud",
        united_states(),
        {"code": "SG", "name": {"ja": "シンガポール", "en": "Singapore"}},
    )
    data["data_items"] = [i for i in data["data_items"] if i["key"] != "face_features"]
    data["inferred_attributes"] = ["age", "religion"]


def _unjustified_until_a_date(data: dict[str, Any]) -> None:
    data["site"]["space_type"] = "public"
    data["justification"] = {"legitimacy": {"ja": "公共の安全", "en": "public safety"}}
    data["period"] = {
        "start": "2026-04-01",
        "end": "2026-09-30",
        "hours": {"ja": "昼", "en": "day"},
    }


def _no_findings_and_an_empty_stage(report: Assessment) -> Assessment:
    """Branches no deployment reaches today, which the renderers still lay out."""
    checks = report.checks.model_copy(update={"findings": []})
    empty = report.checklist[0].model_copy(update={"items": []})
    return report.model_copy(update={"checks": checks, "checklist": [empty, *report.checklist[1:]]})


DataChange = Callable[[dict[str, Any]], None]
ReportChange = Callable[[Assessment], Assessment]
VARIANTS: dict[str, tuple[DataChange | None, ReportChange | None]] = {
    **{case: (None, None) for case in CASES},
    "repeat-signed-abroad": (_signed_abroad, None),
    "counting-unjustified": (_unjustified_until_a_date, None),
    "flow-empty": (None, _no_findings_and_an_empty_stage),
}


def _assessment(variant: str) -> Assessment:
    case = variant.split("-")[0]
    data = template_data(case)
    change_data, change_report = VARIANTS[variant]
    if change_data:
        change_data(data)
    report = build_assessment(load_data(data), TODAY)
    if change_report:
        report = change_report(report)
    context = report.context.model_copy(update={"privacam_version": VERSION})
    return report.model_copy(update={"context": context})


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _compare(path: Path, actual: str) -> None:
    if os.environ.get("PRIVACAM_REGENERATE_OUTPUTS"):
        path.write_bytes(actual.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")  # bytes: PDF text has \r\n line ends
    assert actual == expected, f"{path.name} changed; see this module's docstring"


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_assessment_markdown_says_what_it_said(variant: str) -> None:
    _compare(OUTPUTS / f"{variant}.md", render_markdown(_assessment(variant)))


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_assessment_pdf_text_says_what_it_said(variant: str) -> None:
    _compare(OUTPUTS / f"{variant}.pdf.txt", _pdf_text(render_pdf(_assessment(variant))))
