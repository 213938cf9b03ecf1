"""What a rule's basis may cite: the APPI articles GUIDEBOOK.md §6 lists, and the forms of a basis.

GUIDEBOOK.md lives beside the repository, not in it, so its list of articles is carried
here; a test compares the two whenever ``../shared/GUIDEBOOK.md`` is found beside the
checkout. A rule citing an article outside this list cites something §6 did not vet.

>>> [article_of(basis) for basis in ("APPI 第2条第3項", "APPI 第32条", "GB §4")]
[2, 32, None]
>>> sorted(set(APPI_ARTICLES) - {2, 16, 17, 18})[:3]
[19, 20, 21]
"""

from __future__ import annotations

import re

#: Article → what it is about, as GUIDEBOOK.md §6 lists them (numbered as in force since
#: April 2022). 第2条 is cited by paragraph where one is meant (第1項 個人情報,
#: 第2項 個人識別符号, 第3項 要配慮個人情報).
APPI_ARTICLES: dict[int, str] = {
    2: "definitions (第1項 個人情報, 第2項 個人識別符号, 第3項 要配慮個人情報)",
    16: "個人データ / 保有個人データ",
    17: "purpose specification",
    18: "purpose limitation",
    19: "improper use",
    20: "proper acquisition",
    21: "notice of purpose on acquisition",
    23: "security measures",
    25: "supervision of contractors",
    26: "leak reports",
    27: "third-party provision",
    28: "foreign third parties",
    31: "個人関連情報",
    32: "published items",
    33: "disclosure",
    35: "stop-use and deletion",
}

#: ``APPI 第N条`` or ``APPI 第N条第M項``, the only forms an APPI citation takes.
APPI_CITATION = re.compile(r"^APPI 第(\d+)条(?:第\d+項)?$")


def article_of(basis: str) -> int | None:
    """The APPI article a basis cites, or None when it cites no article."""
    match = APPI_CITATION.match(basis)
    return int(match.group(1)) if match else None
