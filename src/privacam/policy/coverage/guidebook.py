"""GUIDEBOOK.md cut into its requirement units: each list item, table row and paragraph.

A unit is what a reader takes as one requirement or a small group of them. Every unit
must hold the quote of at least one statement (``tests/policy/test_coverage.py``), so a
requirement added to GUIDEBOOK.md cannot go unmapped.

>>> page = "# T\\n\\nIntro text.\\n\\n## 1. A\\n- one\\n  more\\n- two\\n\\n| a | b |\\n|---|---|\\n| x | y |\\n"
>>> requirement_units(page)
['Intro text.', 'one more', 'two', '| x | y |']
"""

from __future__ import annotations

import re

#: Units of GUIDEBOOK.md that state no requirement, with why.
NOT_REQUIREMENTS: dict[str, str] = {
    "privacam implements the system described in": "what the page is",
    "企画 (plan) → 設計 (design)": "the names of the stages the list below details",
    "Minimum items on the sign at the place of capture": "the heading of the list below",
}

_ITEM = re.compile(r"^(?:- |\d+\. )")
_RULE_ROW = re.compile(r"^\|[\s|:-]+\|$")


def normalise(text: str) -> str:
    """Runs of white space, line breaks included, read as one space."""
    return re.sub(r"\s+", " ", text).strip()


def requirement_units(markdown: str) -> list[str]:
    """The page's list items, table body rows and paragraphs, white space normalised."""
    units: list[list[str]] = []
    table_header_next = False
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            units.append([])
            table_header_next = False
            continue
        if line.startswith("|"):
            if _RULE_ROW.match(line):
                continue
            if not table_header_next and (not units or units[-1] != ["<table>"]):
                # The first row of a table is its header: not a requirement.
                units.append(["<table>"])
                table_header_next = True
                continue
            units.append([line])
            units.append(["<table>"])
            continue
        table_header_next = False
        if _ITEM.match(line):
            units.append([_ITEM.sub("", line)])
        elif units and units[-1] and units[-1] != ["<table>"]:
            units[-1].append(line)  # a continuation line of the item or paragraph
        else:
            units.append([line])
    return [normalise(" ".join(u)) for u in units if u and u != ["<table>"]]
