"""The catalogue of check rules as Markdown (docs/rules.md), generated from the registered rules.

``python -m privacam.policy.catalog > docs/rules.md``; a test fails when the committed
file differs, so the catalogue never drifts from the code.
"""

from __future__ import annotations

from privacam.policy.checks import all_rules
from privacam.policy.citations import APPI_ARTICLES
from privacam.policy.findings import STAGE_NAMES

_HEADER = """# privacam check rules

Generated from the code by `make docs` (`python -m privacam.policy.catalog`); do not edit.
Basis: `GB §N` is a section of GUIDEBOOK.md (the guidebook's requirements as testable
statements), `APPI 第N条` an article of the Act on the Protection of Personal Information as
numbered since April 2022 (only those GUIDEBOOK.md §6 lists:
{articles}), `PPC …` a paper of the Personal Information Protection
Commission, a name such as `取得時の配慮` a section of the guidebook by its own title, and
`privacam policy` marks where privacam is stricter than the guidebook's text.

| rule | severity | stage | basis | requirement (ja) | requirement (en) |
| --- | --- | --- | --- | --- | --- |
"""


def generate() -> str:
    rows = []
    for rule in all_rules():
        stage = STAGE_NAMES[rule.stage]
        rows.append(
            f"| {rule.id} | {rule.severity.value} | {stage.ja} / {stage.en} | "
            f"{'; '.join(rule.basis)} | {rule.title.ja} | {rule.title.en} |"
        )
    articles = ", ".join(f"第{number}条" for number in APPI_ARTICLES)
    return _HEADER.format(articles=articles) + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(generate(), end="")
