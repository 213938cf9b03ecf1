"""Clauses of a free text that affirm something, for rules that look for words in purposes.

A purpose often says what it does *not* do: 「個人を特定せずに通行量を計測」, "we never
estimate emotions". A word found in such a clause is a promise, not a purpose, so rules
search only the clauses that carry no negation.

>>> affirmed_clauses("年齢層と性別を推定し、感情は推定しない")
['年齢層と性別を推定し']
>>> affirmed_clauses("count visitors per hour; never their emotions")
['count visitors per hour']
"""

from __future__ import annotations

import re

_CLAUSE_END = re.compile(r"[。、，,.;；:：!?！？\n]+")
_NEGATION = re.compile(
    r"ない|せず|ません|しない|禁止|除く|除外|行わず|用いず|使わず|"
    r"\b(?:not|never|no|without|nor|neither|none)\b|n't",
    re.IGNORECASE,
)


def affirmed_clauses(text: str) -> list[str]:
    """The clauses of ``text`` (split at punctuation) that contain no negation."""
    clauses = (clause.strip() for clause in _CLAUSE_END.split(text))
    return [clause for clause in clauses if clause and not _NEGATION.search(clause)]
