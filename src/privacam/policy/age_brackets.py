"""Case ①'s age brackets: parsed from the deployment file, checked, and used to bin an age.

Brackets are written ``"0-19"`` (both ends included, whole years) and the last one may
be open, ``"60+"``. They must start at 0, follow each other without gap or overlap,
and end open, so that every estimated age falls in exactly one bracket: a tally that
silently dropped the oldest visitors would misreport the mix. ``unknown`` is the bracket
of a track that never gave a usable face (:data:`privacam.records.UNKNOWN`); it is
never written in the file.

>>> brackets = AgeBrackets.parse(["0-19", "20-39", "40-59", "60+"])
>>> brackets.of(19.6), brackets.of(20.0), brackets.of(87.0)
('0-19', '20-39', '60+')
>>> AgeBrackets.parse(["0-19", "25-39", "40+"])
Traceback (most recent call last):
...
ValueError: 年齢層 25-39 が前の年齢層の直後（20 歳）から始まっていません / age bracket 25-39 does not start right after the previous one (at 20): brackets must follow each other without gap or overlap
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

_BOUNDED = re.compile(r"^(\d{1,3})-(\d{1,3})$")
_OPEN = re.compile(r"^(\d{1,3})\+$")

_EXAMPLE = "e.g. [0-19, 20-39, 40-59, 60+]"


@dataclass(frozen=True)
class AgeBracket:
    """One bracket: ages from ``low`` to ``high`` whole years, both included (``None``: open)."""

    label: str
    low: int
    high: int | None


def _parse_one(label: str) -> AgeBracket:
    text = label.strip()
    if match := _BOUNDED.match(text):
        low, high = int(match[1]), int(match[2])
        if high < low:
            raise ValueError(
                f"年齢層 {label} の上限が下限より小さいです / age bracket {label}: its upper "
                f"end is below its lower end ({_EXAMPLE})"
            )
        return AgeBracket(text, low, high)
    if match := _OPEN.match(text):
        return AgeBracket(text, int(match[1]), None)
    raise ValueError(
        f"年齢層 {label!r} を読めません（「0-19」または「60+」の形で書いてください） / age "
        f"bracket {label!r} is not of the form 0-19 or 60+ ({_EXAMPLE})"
    )


@dataclass(frozen=True)
class AgeBrackets:
    """The brackets of one deployment, in order; :meth:`of` bins an estimated age."""

    brackets: tuple[AgeBracket, ...]

    @classmethod
    def parse(cls, labels: Sequence[str]) -> AgeBrackets:
        """The brackets ``labels`` name; ValueError (ja / en) unless they cover 0 and up once."""
        if not labels:
            raise ValueError(f"年齢層がありません / no age bracket is given ({_EXAMPLE})")
        brackets = [_parse_one(label) for label in labels]
        expected = 0
        for index, bracket in enumerate(brackets):
            if bracket.low != expected and index == 0:
                raise ValueError(
                    f"最初の年齢層 {bracket.label} が 0 歳から始まっていません / the first age "
                    f"bracket {bracket.label} does not start at 0 ({_EXAMPLE})"
                )
            if bracket.low != expected:
                raise ValueError(
                    f"年齢層 {bracket.label} が前の年齢層の直後（{expected} 歳）から始まっていません"
                    f" / age bracket {bracket.label} does not start right after the previous one "
                    f"(at {expected}): brackets must follow each other without gap or overlap"
                )
            if bracket.high is None:
                if index != len(brackets) - 1:
                    raise ValueError(
                        f"上限のない年齢層 {bracket.label} は最後に置いてください / the open "
                        f"bracket {bracket.label} must be the last one ({_EXAMPLE})"
                    )
                return cls(tuple(brackets))
            expected = bracket.high + 1
        raise ValueError(
            f"最後の年齢層 {brackets[-1].label} に上限があります（「60+」のように上限なしで終えて"
            f"ください） / the last age bracket {brackets[-1].label} is closed: end with an open "
            f"one such as {expected}+ so that every age has a bracket"
        )

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(b.label for b in self.brackets)

    def of(self, age: float) -> str:
        """The label of the bracket that holds ``age`` years (whole years: 19.9 is 19)."""
        if not math.isfinite(age):
            raise ValueError(f"not an age: {age!r}")
        years = max(0, math.floor(age))
        for bracket in self.brackets:
            if bracket.high is None or years <= bracket.high:
                return bracket.label
        raise AssertionError("parse() guarantees an open last bracket")  # pragma: no cover
