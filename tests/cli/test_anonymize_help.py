"""``privacam anonymize --help``: paragraphs break where the text does, at any terminal width."""

from __future__ import annotations

import pytest
import typer.rich_utils

from privacam.cli import main


def help_lines(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", width)
    with pytest.raises(SystemExit) as done:
        main(["anonymize", "--help"])
    assert done.value.code == 0
    return [line.strip() for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("width", [60, 100, 160])
def test_anonymize_help_paragraphs_are_not_broken_where_the_code_wraps(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    lines = help_lines(capsys, monkeypatch, width)
    start = next(i for i, line in enumerate(lines) if line.startswith("Outputs keep"))
    end = lines.index("", start)
    paragraph = lines[start:end]
    # Rich fills each line to the width; only the paragraph's last line may stop short
    for line in paragraph[:-1]:
        assert len(line) > width - 20, (width, line, paragraph)
    assert " ".join(paragraph).startswith("Outputs keep the input tree and names under OUTDIR;")
