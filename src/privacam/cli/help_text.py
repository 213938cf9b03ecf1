"""Command help whose line breaks come from the text, not from where the code wraps.

Typer's rich help keeps every newline of a docstring and then wraps each line
again to the terminal's width, so a docstring wrapped at 88 columns breaks
mid-sentence on an 80-column terminal. :func:`flowing_help` joins the lines of
each paragraph; blank lines still separate paragraphs, and Rich wraps them to
whatever width the terminal has.

>>> @flowing_help
... def f():
...     '''First line.
...
...     A paragraph wrapped
...     by the code.
...     '''
>>> f.__doc__
'First line.\\n\\nA paragraph wrapped by the code.'
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])


def flowing_help(function: F) -> F:
    """Rewrite ``function.__doc__`` as paragraphs of one line each (apply below ``@app.command``)."""
    text = inspect.cleandoc(function.__doc__ or "")
    paragraphs = (" ".join(line.strip() for line in p.splitlines()) for p in text.split("\n\n"))
    function.__doc__ = "\n\n".join(paragraphs)
    return function
