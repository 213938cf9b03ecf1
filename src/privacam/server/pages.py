"""Server-rendered pages: one Jinja2 environment, the page language, and :func:`render`.

The public reads Japanese first: a page is Japanese unless the visitor chose English
(``?lang=en``, remembered in the ``lang`` cookie) or their browser asks for English
before Japanese. Templates write both texts side by side with ``t("日本語", "English")``,
so a page can never show one language's text in the other's place.

>>> from starlette.requests import Request
>>> def request(query=b"", accept=b""):
...     return Request({"type": "http", "query_string": query, "headers": [(b"accept-language", accept)]})
>>> page_language(request()), page_language(request(b"lang=en")), page_language(request(accept=b"en-US,en;q=0.9"))
('ja', 'en', 'en')
>>> page_language(request(accept=b"ja,en;q=0.8"))
'ja'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")
HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
STATIC_DIR = HERE / "static"


def _accepted(header: str) -> list[str]:
    """Accept-Language's languages, best first (``q`` weights honoured, regions dropped)."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        name, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if name:
            weighted.append((-weight, position, name.split("-")[0].lower()))
    return [name for _, _, name in sorted(weighted)]


def page_language(request: Request) -> Language:
    chosen = request.query_params.get("lang") or request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen  # type: ignore[return-value]
    for name in _accepted(request.headers.get("accept-language", "")):
        if name in LANGUAGES:
            return name  # type: ignore[return-value]
    return "ja"


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` in the request's language; remembers an explicit ``?lang=``."""
    lang = page_language(request)

    def t(ja: str, en: str) -> str:
        return ja if lang == "ja" else en

    values = {"lang": lang, "t": t, "csrf_input": lambda: csrf_input(request), **(context or {})}
    response = TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def csrf_input(request: Request) -> Markup:
    """The hidden field every form must carry (``{{ csrf_input() }}`` in a template).

    The CSRF middleware (:mod:`privacam.server.csrf`) puts the request's token in
    ``request.state.csrf_token`` and refuses a form post whose field does not match it.
    """
    token = getattr(request.state, "csrf_token", "")
    return Markup(f'<input type="hidden" name="csrf_token" value="{escape(token)}">')
