"""The full notice as one self-contained HTML page per language.

Inline CSS, the pictogram and the QR code as inline SVG: the page fetches
nothing, so it can be served from a camera box or printed as is. Every value
is escaped (autoescape on); only the two SVGs privacam draws itself are marked
safe.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from privacam.policy.notice.content import WebContent
from privacam.policy.notice.pictogram import pictogram_svg
from privacam.policy.notice.qr import make_qr, qr_svg

_TEMPLATE = "notice.html.j2"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.tests["url"] = lambda value: str(value).startswith(("https://", "http://"))
    env.tests["email"] = lambda value: "@" in str(value) and " " not in str(value).strip()
    return env


def render_web_html(web: WebContent) -> str:
    """The HTML text of the full notice."""
    return (
        _environment()
        .get_template(_TEMPLATE)
        .render(
            page=web,
            pictogram=Markup(pictogram_svg(72, "#1a1a1a", "#ffffff")),
            qr=Markup(qr_svg(make_qr(web.url), scale=5)),
        )
    )
