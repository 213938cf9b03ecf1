"""privacam's retention numbers (GUIDEBOOK.md §6): a default and a ceiling per data kind.

Where the guidebook says "promptly" or "short", privacam fixes a number. These are
privacam policy, stricter than the guidebook's text in places; rules that use them
cite "privacam policy" beside the guidebook section.

>>> RETENTION["face_features"].ceiling.days
365

:func:`effective_retention` is the one place where a declared period meets the
ceiling: the store's sweeper, the quarantine, the assessment and the checks all ask it.

>>> rule = effective_retention("trajectories", timedelta(days=400))
>>> rule.period.days, rule.clamped, rule.source
(365, True, 'deployment')
>>> effective_retention("quarantine", None).period
datetime.timedelta(days=3)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from privacam.policy.localized import LocalizedText
from privacam.policy.spec import DataClass, Deployment


@dataclass(frozen=True)
class RetentionLimit:
    key: str
    data_class: DataClass
    default: timedelta
    #: None: the operator's choice, which must be stated in the notice.
    ceiling: timedelta | None
    #: Above this a warning is raised even though the ceiling is not reached.
    warn_above: timedelta | None
    description: LocalizedText


def _t(ja: str, en: str) -> LocalizedText:
    return LocalizedText({"ja": ja, "en": en})


_DAY = timedelta(days=1)
RETENTION: dict[str, RetentionLimit] = {
    limit.key: limit
    for limit in (
        RetentionLimit(
            "raw_images",
            DataClass.personal,
            timedelta(0),
            timedelta(0),
            None,
            _t("カメラ画像（フレーム・切り出し画像）", "camera images (frames and crops)"),
        ),
        RetentionLimit(
            "face_features",
            DataClass.identifier,
            180 * _DAY,
            365 * _DAY,
            None,
            _t("顔特徴量データ（初回来店から）", "face feature data (from the first visit)"),
        ),
        RetentionLimit(
            "exclusion_templates",
            DataClass.identifier,
            365 * _DAY,
            3 * 365 * _DAY,
            None,
            _t(
                "オプトアウトを守るための顔特徴量（除外テンプレート、申出から）",
                "face features kept to honour an opt-out (exclusion templates, from the request)",
            ),
        ),
        RetentionLimit(
            "visit_history",
            DataClass.personal,
            180 * _DAY,
            365 * _DAY,
            None,
            _t("来店履歴（初回来店から）", "visit history (from the first visit)"),
        ),
        RetentionLimit(
            "trajectories",
            DataClass.personal,
            90 * _DAY,
            365 * _DAY,
            None,
            _t("来店ごとの動線データ", "per-visit trajectories"),
        ),
        RetentionLimit(
            "quarantine",
            DataClass.personal,
            timedelta(hours=72),
            30 * _DAY,
            7 * _DAY,
            _t("マスク前の元画像（隔離保管）", "unmasked originals (quarantine)"),
        ),
        RetentionLimit(
            "masked_images",
            DataClass.personal,
            3 * 365 * _DAY,
            None,
            None,
            _t("顔・ナンバープレートをマスクした画像", "images with faces and plates masked"),
        ),
        RetentionLimit(
            "icon_map",
            DataClass.statistics,
            timedelta(seconds=60),
            timedelta(seconds=60),
            None,
            _t("アイコン表示の混雑マップ（最新のみ）", "crowd icon map (latest only)"),
        ),
        RetentionLimit(
            "statistics",
            DataClass.statistics,
            3 * 365 * _DAY,
            None,
            None,
            _t("統計情報（人数・属性集計・混雑度）", "statistics (counts, tallies, congestion)"),
        ),
    )
}


@dataclass(frozen=True)
class EffectiveRetention:
    """How long privacam keeps data under one key: the declared period cut to the ceiling."""

    key: str
    #: What privacam keeps: the declared period (or the default), never above the ceiling.
    period: timedelta
    #: What the deployment declared; None when it declares nothing for the key.
    declared: timedelta | None
    #: privacam's default; None for a key privacam has no number for.
    default: timedelta | None
    #: privacam's ceiling; None when the period is the operator's choice.
    ceiling: timedelta | None
    #: "deployment" when the deployment declares the key, else "default".
    source: Literal["deployment", "default"]

    @property
    def clamped(self) -> bool:
        """The declared period was longer than the ceiling and was cut to it."""
        return self.declared is not None and self.period < self.declared


def effective_retention(key: str, declared: timedelta | None) -> EffectiveRetention:
    """The retention privacam applies to ``key`` given what the deployment ``declared``.

    A key privacam has no number for keeps what is declared; it must be declared.
    """
    limit = RETENTION.get(key)
    default = limit.default if limit is not None else None
    ceiling = limit.ceiling if limit is not None else None
    if declared is None:
        if default is None:
            raise KeyError(f"retention key {key!r} has no default; declare it in data_items")
        return EffectiveRetention(key, default, None, default, ceiling, "default")
    period = declared if ceiling is None else min(declared, ceiling)
    return EffectiveRetention(key, period, declared, default, ceiling, "deployment")


def deployment_retention(spec: Deployment, key: str) -> EffectiveRetention:
    """:func:`effective_retention` for what ``spec``'s ``data_items`` declare under ``key``."""
    item = spec.data_item(key)
    return effective_retention(key, None if item is None else item.retention)
