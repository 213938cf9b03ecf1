"""privacam's retention numbers (GUIDEBOOK.md §6): a default and a ceiling per data kind.

Where the guidebook says "promptly" or "short", privacam fixes a number. These are
privacam policy, stricter than the guidebook's text in places; rules that use them
cite "privacam policy" beside the guidebook section.

>>> RETENTION["face_features"].ceiling.days
365
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from privacam.policy.localized import LocalizedText
from privacam.policy.spec import DataClass


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
