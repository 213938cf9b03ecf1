"""The words that name a forbidden inference (GB §1), in inferred attributes and purpose texts.

:data:`~privacam.policy.case_profiles.FORBIDDEN_INFERENCES` names the most private
matters once; people write them many ways: plurals, synonyms, Japanese. An inferred
attribute is matched as a whole key:

>>> forbidden_attribute("Emotions"), forbidden_attribute("感情"), forbidden_attribute("age")
('emotion', 'emotion', None)

A purpose text is scanned for the words. A word that also has an everyday sense (健康,
"race", "health") counts only right beside a word of inferring, so that "count runners of
the city race" passes while "estimate the race of each visitor" does not:

>>> inferences_in_text("来店客の表情から感情を推定する")
['emotion']
>>> inferences_in_text("count runners of the city race"), inferences_in_text("estimate the race of each visitor")
([], ['race'])
"""

from __future__ import annotations

import re

from privacam.policy.case_profiles import FORBIDDEN_INFERENCES
from privacam.policy.clauses import affirmed_clauses

#: Attribute keys (normalised: lower case, "_" for spaces and hyphens) → forbidden inference.
_ATTRIBUTE_SYNONYMS: dict[str, str] = {
    **{key: key for key in FORBIDDEN_INFERENCES},
    "racial_origin": "race",
    "人種": "race",
    "ethnic_origin": "ethnicity",
    "ethnic_group": "ethnicity",
    "民族": "ethnicity",
    "belief": "creed",
    "beliefs": "creed",
    "信条": "creed",
    "思想": "creed",
    "思想信条": "creed",
    "faith": "religion",
    "religious_belief": "religion",
    "宗教": "religion",
    "信仰": "religion",
    "health_status": "health",
    "health_condition": "health",
    "medical_history": "health",
    "medical_condition": "health",
    "illness": "health",
    "disease": "health",
    "健康": "health",
    "健康状態": "health",
    "病歴": "health",
    "既往歴": "health",
    "病気": "health",
    "障害": "disability",
    "障がい": "disability",
    "emotional_state": "emotion",
    "sentiment": "emotion",
    "feeling": "emotion",
    "feelings": "emotion",
    "facial_expression": "emotion",
    "expression": "emotion",
    "感情": "emotion",
    "表情": "emotion",
    "喜怒哀楽": "emotion",
    "mental_state": "inner_state",
    "state_of_mind": "inner_state",
    "内心": "inner_state",
    "心理": "inner_state",
    "心理状態": "inner_state",
    "表情から内心": "inner_state",
    "気分": "mood",
    "性的指向": "sexual_orientation",
    "political_opinions": "political_opinion",
    "political_views": "political_opinion",
    "政治的意見": "political_opinion",
    "支持政党": "political_opinion",
}

#: Words that name a forbidden inference wherever they appear in a purpose text: (ja, en).
_NAMED = {
    "emotion": (r"感情|喜怒哀楽", r"emotions?|emotional states?|sentiments?"),
    "inner_state": (r"内心|心理状態|心の状態", r"inner states?|mental states?|states? of mind"),
    "mood": (r"気分", r"moods?"),
    "race": (r"人種", r"racial"),
    "ethnicity": (r"民族", r"ethnicit(?:y|ies)|ethnic origins?"),
    "creed": (r"信条", r"creeds?"),
    "religion": (r"宗教|信仰", r"religions?|religious"),
    "health": (r"病歴|既往歴|健康状態|疾患|病気", r"medical history|illness(?:es)?|diseases?"),
    "sexual_orientation": (r"性的指向", r"sexual orientations?"),
    "political_opinion": (r"政治的(?:意見|信条|立場)|支持政党", r"political (?:opinions?|views?)"),
}
#: Words with an everyday sense too (健康増進, "the city race", 障害物): they count only
#: right beside a word of inferring ("健康を推定", "estimate the health of", "races per").
_AMBIGUOUS = {
    "emotion": (r"表情", r"facial expressions?|feelings?"),
    "race": (None, r"races?"),
    "religion": (None, r"faiths?"),
    "health": (r"健康", r"health"),
    "disability": (r"障がい|障害者|障害の有無", r"disabilit(?:y|ies)|disabled"),
}
_INFER_JA = (
    r"推定|推測|推認|判定|判別|判断|分類|識別|認識|検出|検知|読み取|把握|分析|解析|スコア|別|ごと"
)
_INFER_EN = (
    r"(?:estimat|infer|detect|predict|classif|recogni[sz]|analy[sz]|determin|judg|assess|"
    r"guess|read|scor|gaug)\w*"
)


def _named(ja: str, en: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{ja})|\b(?:{en})\b", re.IGNORECASE)


#: A word between the verb and its object; "analyse congestion for health" is not about health.
_BETWEEN = r"\W+(?!(?:for|and|or|to|with|in|on)\b)\w+"


def _beside_inferring(ja: str | None, en: str) -> re.Pattern[str]:
    parts = [
        rf"\b(?:{_INFER_EN}|by|per)(?:{_BETWEEN}){{0,3}}?\W+(?:{en})\b",
        rf"\b(?:{en})\W+(?:\w+\W+){{0,2}}?{_INFER_EN}",
    ]
    if ja is not None:
        parts.append(rf"(?:{ja})[^。、，,.]{{0,5}}?(?:{_INFER_JA})")
    return re.compile("|".join(parts), re.IGNORECASE)


_NAMED_PATTERNS = {key: _named(*words) for key, words in _NAMED.items()}
_AMBIGUOUS_PATTERNS = {key: _beside_inferring(*words) for key, words in _AMBIGUOUS.items()}


def _attribute_key(attribute: str) -> str:
    return re.sub(r"[\s-]+", "_", attribute.strip().lower())


def forbidden_attribute(attribute: str) -> str | None:
    """The forbidden inference an ``inferred_attributes`` entry names, or None.

    Plurals count as their singular:

    >>> forbidden_attribute("ethnicities"), forbidden_attribute("Facial expressions")
    ('ethnicity', 'emotion')
    """
    key = _attribute_key(attribute)
    for candidate in (key, key.removesuffix("s"), re.sub(r"ies$", "y", key)):
        if candidate in _ATTRIBUTE_SYNONYMS:
            return _ATTRIBUTE_SYNONYMS[candidate]
    return None


def inferences_in_text(text: str) -> list[str]:
    """The forbidden inferences a free text speaks of, in the order of FORBIDDEN_INFERENCES.

    What a clause denies is not looked at:

    >>> inferences_in_text("年齢層と性別を推定し、感情は推定しない")
    []
    """
    text = "、".join(affirmed_clauses(text))
    found = {key for key, pattern in _NAMED_PATTERNS.items() if pattern.search(text)}
    found |= {key for key, pattern in _AMBIGUOUS_PATTERNS.items() if pattern.search(text)}
    return [key for key in FORBIDDEN_INFERENCES if key in found]
