"""Text the public reads, in Japanese and English and optionally more languages.

Stations commonly sign in Chinese and Korean too, so the structure is a mapping
from language tag to text, with ``ja`` and ``en`` required.

>>> t = LocalizedText({"ja": "カメラ作動中", "en": "Camera in operation"})
>>> t.get("ja"), t.get("ko")
('カメラ作動中', 'Camera in operation')
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, RootModel

REQUIRED_LANGUAGES = ("ja", "en")
#: Language tags accepted besides ja and en (BCP 47 subset common on Japanese signage).
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def _check_languages(value: dict[str, str]) -> dict[str, str]:
    missing = [lang for lang in REQUIRED_LANGUAGES if not (value.get(lang) or "").strip()]
    if missing:
        raise ValueError(f"text needs both Japanese and English; missing: {', '.join(missing)}")
    bad = [tag for tag in value if not LANGUAGE_TAG.match(tag)]
    if bad:
        raise ValueError(f"unknown language tag(s) {bad}; use e.g. ja, en, zh-Hans, zh-Hant, ko")
    return {tag: text.strip() for tag, text in value.items()}


class LocalizedText(RootModel[Annotated[dict[str, str], AfterValidator(_check_languages)]]):
    """A text in several languages; ``get(lang)`` falls back to English, then Japanese."""

    def get(self, lang: str) -> str:
        return self.root.get(lang) or self.root.get("en") or self.root["ja"]

    @property
    def ja(self) -> str:
        return self.root["ja"]

    @property
    def en(self) -> str:
        return self.root["en"]

    def languages(self) -> list[str]:
        return list(self.root)

    def __str__(self) -> str:
        return f"{self.ja} / {self.en}"
