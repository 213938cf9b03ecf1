"""Small helpers shared by the rule modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from privacam.policy.localized import LocalizedText


def blank(text: LocalizedText | None) -> bool:
    """True when a bilingual text is absent or empty in Japanese or English."""
    return text is None or not text.ja.strip() or not text.en.strip()


def walk_strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(dotted path, string)`` for every string in a dumped model."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_strings(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node
