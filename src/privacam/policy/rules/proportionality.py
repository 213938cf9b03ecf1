"""Proportionality (相当性, GB §1): field of view, resolution, what is computed, how long kept.

The justification's proportionality text must speak to at least one of the four means the
guidebook weighs, and each camera's resolution must not exceed what its case needs
(:class:`~privacam.policy.case_profiles.ResolutionNeed`).
"""

from __future__ import annotations

import re

from privacam.policy.case_profiles import PROFILES
from privacam.policy.checks import rule
from privacam.policy.rules._util import blank

#: The four means of GB §1, each with the words that name it (ja, en).
_MEANS = {
    "field_of_view": (
        r"撮影範囲|画角|撮影エリア|撮影区域|視野|写る範囲|撮影対象",
        r"field of view|view|angle|coverage|captured area|area captured|framing|frame",
    ),
    "resolution": (r"解像度|画素|画質|ピクセル", r"resolution|pixels?|image quality"),
    "computed": (
        r"生成|算出|計測|推定|抽出|集計|計算|データ|統計|カウント",
        r"comput\w*|generat\w*|counts?|counting|estimat\w*|extract\w*|tall(?:y|ies)|"
        r"statistics|data|measur\w*",
    ),
    "retention": (
        r"保存|保管|保持|期間|削除|破棄|消去",
        r"retention|retain\w*|kept|keep\w*|stor(?:e|ed|ing|age)|delet\w*|discard\w*|eras\w*|"
        r"period",
    ),
}
_MEAN_PATTERNS = {
    name: re.compile(rf"(?:{ja})|\b(?:{en})\b", re.IGNORECASE) for name, (ja, en) in _MEANS.items()
}


def means_named(text: str) -> list[str]:
    """Which of the four means a proportionality text speaks to.

    >>> means_named("撮影範囲を入口に限り、画像は保存しない")
    ['field_of_view', 'retention']
    >>> means_named("The means are reasonable for the purpose")
    []
    """
    return [name for name, pattern in _MEAN_PATTERNS.items() if pattern.search(text)]


@rule(
    "PUR-009",
    severity="warning",
    basis=("GB §1", "ガイドブック 3.2 プライバシー保護"),
    stage="plan",
    title=(
        "相当性の記載が撮影範囲・解像度・生成するデータ・保存期間に触れている",
        "The proportionality text speaks to field of view, resolution, what is computed or "
        "how long it is kept",
    ),
    fields=("justification.proportionality",),
)
def proportionality_names_the_means(spec, context):
    text = spec.justification.proportionality
    if blank(text):
        return  # PUR-003 / PUR-004 ask for the text itself
    if not means_named(text.ja) and not means_named(text.en):
        yield (
            "相当性の記載が、撮影範囲・解像度・生成するデータ・保存期間のいずれにも触れていません。"
            "手段が目的に見合う理由をこれらに即して書いてください",
            "The proportionality text names none of field of view, resolution, what is computed "
            "and how long it is kept; say why the means fit the purpose in those terms",
            "justification.proportionality",
        )


@rule(
    "PUR-010",
    severity="warning",
    basis=("GB §1", "privacam policy"),
    stage="design",
    title=(
        "カメラの解像度が事例に必要な範囲を超えない",
        "No camera's resolution exceeds what its case needs",
    ),
    fields=("cameras[].resolution",),
)
def resolution_within_need(spec, context):
    need = PROFILES[spec.case].resolution_need
    if need is None:
        return
    for index, camera in enumerate(spec.cameras):
        if camera.resolution is None or not need.exceeded_by(*camera.resolution):
            continue
        width, height = camera.resolution
        yield (
            f"カメラ {camera.id} の解像度 {width}×{height} は、この事例に必要な {need} を"
            f"超えています（{need.reason.ja}）。相当性のため解像度を下げてください",
            f"Camera {camera.id} records {width}×{height}, more than the {need} this case "
            f"needs ({need.reason.en}); lower it (proportionality)",
            f"cameras[{index}].resolution",
        )
