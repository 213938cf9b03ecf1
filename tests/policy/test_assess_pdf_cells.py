"""The PDF's checklist survives a rule with many findings: a table cell cannot span pages."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium

from privacam.policy.assessment import build_assessment
from privacam.policy.assessment.render_pdf import render_pdf
from tests.policy.conftest import TEMPLATE_DAY, load_data, template_data


def _mark_every_text_as_example(node: Any) -> None:
    """Add a placeholder to every ja/en text, so ACC-004 finds one per section."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("ja", "en") and isinstance(value, str):
                node[key] = value + "（例）" if key == "ja" else value + " (example)"
            else:
                _mark_every_text_as_example(value)
    elif isinstance(node, list):
        for value in node:
            _mark_every_text_as_example(value)


def test_a_rule_with_many_findings_still_renders_and_points_to_the_full_list() -> None:
    data = template_data("counting")
    _mark_every_text_as_example(data)
    report = build_assessment(load_data(data), TEMPLATE_DAY)
    placeholders = next(i for s in report.checklist for i in s.items if i.rule_id == "ACC-004")
    assert len(placeholders.findings) > 12
    document = pdfium.PdfDocument(render_pdf(report))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert "listed in section 7" in " ".join(text.split())
