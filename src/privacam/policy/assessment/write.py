"""Write the assessment in every format, each file atomically (temp file + ``os.replace``)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from privacam.errors import InputError
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


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes 0600; a report is an ordinary readable file
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_files(assessment: Assessment, output: Path) -> list[Path]:
    """Render every format first, then write them: a render error leaves no file behind."""
    paths = output_paths(output)
    renderers = _renderers()
    rendered = [(path, renderers[path.suffix.lower()](assessment)) for path in paths]
    for path, data in rendered:
        try:
            atomic_write(path, data)
        except OSError as error:
            raise InputError(
                f"{path}: cannot write the report ({error.strerror or error}); "
                "choose another output path with -o"
            ) from None
    return paths
