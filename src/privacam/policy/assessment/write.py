"""Write the assessment in every format, each file atomically (:func:`privacam.files.write_atomic`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from privacam.errors import InputError
from privacam.files import write_atomic
from privacam.policy.assessment.model import Assessment

#: The formats written side by side; the path given on the command line picks the stem.
SUFFIXES = (".html", ".md", ".json", ".pdf")


def _renderers() -> dict[str, Callable[[Assessment], bytes]]:
    from privacam.policy.assessment.render_html import render_html
    from privacam.policy.assessment.render_markdown import render_markdown
    from privacam.policy.assessment.render_pdf import render_pdf

    return {
        ".html": lambda a: render_html(a).encode("utf-8"),
        ".md": lambda a: render_markdown(a).encode("utf-8"),
        ".json": lambda a: (
            json.dumps(a.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
        ).encode("utf-8"),
        ".pdf": render_pdf,
    }


def output_paths(output: Path) -> list[Path]:
    """The file asked for first, then its siblings with the other suffixes.

    >>> [p.name for p in output_paths(Path("out/report.html"))]
    ['report.html', 'report.md', 'report.json', 'report.pdf']
    >>> [p.name for p in output_paths(Path("pia.json"))]
    ['pia.json', 'pia.html', 'pia.md', 'pia.pdf']
    """
    suffix = output.suffix.lower()
    if suffix in SUFFIXES:
        stem = output.with_suffix("")
    elif suffix == "":
        stem, suffix = output, ".html"
    else:
        raise InputError(
            f"{output}: unknown report format {output.suffix!r}; end the path with .html, .md, "
            ".json or .pdf (all four are written side by side)"
        )
    siblings = [stem.with_name(stem.name + s) for s in SUFFIXES if s != suffix]
    return [output if output.suffix else output.with_suffix(suffix), *siblings]


def write_files(assessment: Assessment, output: Path) -> list[Path]:
    """Render every format first, then write them: a render error leaves no file behind."""
    paths = output_paths(output)
    renderers = _renderers()
    rendered = [(path, renderers[path.suffix.lower()](assessment)) for path in paths]
    for path, data in rendered:
        try:
            write_atomic(path, data)
        except OSError as error:
            raise InputError(
                f"{path}: cannot write the report ({error.strerror or error}); "
                "choose another output path with -o"
            ) from None
    return paths
