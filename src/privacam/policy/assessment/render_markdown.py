"""Render the assessment as Markdown from ``templates/assessment.md.j2``.

The template lays the report out; the filters here make text from the deployment file
safe where it lands: never HTML in a Markdown viewer, never a broken table cell.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment

from privacam.policy.assessment.model import Assessment, SignatureView
from privacam.policy.assessment.templating import environment
from privacam.policy.localized import LocalizedText

_NONE = "—"


def _esc(text: str) -> str:
    """Text from the deployment file never becomes HTML in a Markdown viewer."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    """Text safe inside a table cell: no HTML, no pipes, no line breaks."""
    return _esc(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _bi(text: LocalizedText | None, sep: str = "<br>") -> str:
    """Japanese then English in one cell, or one of them when they are the same."""
    if text is None:
        return _NONE
    if text.ja == text.en:
        return _cell(text.ja)
    return f"{_cell(text.ja)}{sep}{_cell(text.en)}"


def _yes(value: bool) -> str:
    return "はい / yes" if value else "いいえ / no"


def _signature(signature: SignatureView | None) -> str:
    if signature is None:
        return "**未記入 / not filled**"
    date = f" {signature.date.isoformat()}" if signature.date else ""
    return _cell(f"{signature.name}（{signature.role}）{date}")


@cache
def _markdown_environment() -> Environment:
    # A copy of the shared environment, so that these filters stay out of the HTML one.
    env = environment(autoescape=False).overlay()
    env.filters.update(esc=_esc, cell=_cell, bi=_bi, yes=_yes, signature=_signature)
    return env


def render_markdown(a: Assessment) -> str:
    """The report as Markdown text."""
    text = _markdown_environment().get_template("assessment.md.j2").render(a=a)
    return text.rstrip() + "\n"
