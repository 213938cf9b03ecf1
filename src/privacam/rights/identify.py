"""Who a probe is: one enrolled visitor, no one, or too close to call (and then no one).

A rights answer must never hand one person another's data, so it is stricter than the
case's matching: the deployment's ``match_threshold``, raised to the model's measured
safe threshold when that is stricter (:data:`privacam.policy.face_matching.CALIBRATIONS`),
and a runner-up within :data:`RIGHTS_MARGIN` of the best visitor — even one below the
threshold — makes the probe ambiguous. An ambiguous or unmatched probe discloses,
deletes and reveals nothing about anyone, not even how many visitors came close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from privacam.policy.face_matching import CALIBRATIONS
from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Deployment, RepeatSettings

#: Cosine similarity within which two visitors are too close to tell apart.
RIGHTS_MARGIN = 0.05

Outcome = Literal["matched", "no_match", "ambiguous"]


class Candidate(Protocol):
    visitor_id: str
    similarity: float


class ProbeableVault(Protocol):
    def candidates(self, feature: np.ndarray, *, threshold: float) -> Sequence[Candidate]: ...


@dataclass(frozen=True)
class Identification:
    outcome: Outcome
    visitor_id: str | None
    explanation: LocalizedText

    @property
    def matched(self) -> bool:
        return self.outcome == "matched"


EXPLANATIONS: dict[Outcome, LocalizedText] = {
    "matched": LocalizedText(
        {
            "ja": "ご提出の写真の顔は、保有する顔特徴量のうち一人の来店者の特徴量とのみ"
            "一致しました。",
            "en": "The face in your photo matched the face template of exactly one visitor "
            "we hold, and no other came close.",
        }
    ),
    "no_match": LocalizedText(
        {
            "ja": "ご提出の写真の顔は、保有するどの顔特徴量とも一致しませんでした。当社はご本人の"
            "顔特徴量・来店履歴を保有していないか、一致と判断できるほど似ていません。誤って他の方の"
            "情報をお示ししないよう、一致しない場合は何もお示ししません。",
            "en": "The face in your photo matched no face template we hold: we hold no "
            "template or visits of yours, or none similar enough to be sure. So as never to "
            "show you another person's data, we show nothing when nothing matches.",
        }
    ),
    "ambiguous": LocalizedText(
        {
            "ja": "ご提出の写真の顔は、複数の来店者の顔特徴量と同程度に似ており、どれがご本人の"
            "ものか判断できませんでした。他の方の情報を開示・消去するおそれがあるため、どなたの"
            "情報もお示し・消去しません。別の写真（正面、明るい場所）で再度お申し出ください。",
            "en": "The face in your photo is about as close to the templates of more than one "
            "visitor, so we cannot tell which is yours. Since we could otherwise disclose or "
            "delete another person's data, we disclose and delete nothing about anyone. "
            "Please apply again with another photo (frontal, well lit).",
        }
    ),
}


def rights_threshold(spec: Deployment, model: str) -> float:
    """The deployment's threshold, or the model's measured safe one when stricter."""
    settings = spec.case_settings.repeat or RepeatSettings()
    threshold = float(settings.match_threshold)
    calibration = CALIBRATIONS.get(model)
    if calibration is not None:
        threshold = max(threshold, calibration.safe_threshold)
    return threshold


def identify(
    vault: ProbeableVault,
    feature: np.ndarray,
    *,
    threshold: float,
    margin: float = RIGHTS_MARGIN,
) -> Identification:
    """Match ``feature``: the one visitor at or above ``threshold`` with no runner-up within
    ``margin`` (the runner-up is looked for down to ``threshold - margin``)."""
    found = sorted(
        vault.candidates(feature, threshold=threshold - margin),
        key=lambda c: c.similarity,
        reverse=True,
    )
    if not found or found[0].similarity < threshold:
        return Identification("no_match", None, EXPLANATIONS["no_match"])
    if len(found) > 1 and found[0].similarity - found[1].similarity < margin:
        return Identification("ambiguous", None, EXPLANATIONS["ambiguous"])
    return Identification("matched", found[0].visitor_id, EXPLANATIONS["matched"])
