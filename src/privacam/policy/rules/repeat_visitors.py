"""Rules of case ③'s matching: the threshold, the gallery-size limit, the store (GB §4).

The figures come from :data:`privacam.policy.face_matching.CALIBRATIONS`, measured by
``benchmarks/calibrate_faces.py``; a rule never invents one.
"""

from __future__ import annotations

from privacam.policy.checks import rule
from privacam.policy.face_matching import CALIBRATIONS, DEFAULT_EMBEDDER, MatchCalibration
from privacam.policy.spec import Case, RepeatSettings


def _repeat(spec) -> RepeatSettings:
    return spec.case_settings.repeat or RepeatSettings()


def calibration_of(settings: RepeatSettings) -> MatchCalibration | None:
    """The measured figures of the descriptor case ③ matches with, if measured."""
    return CALIBRATIONS.get(DEFAULT_EMBEDDER)


@rule(
    "CAS-020",
    severity="warning",
    basis=("PPC 顔識別機能付きカメラシステム報告書 (2023)", "GB §4"),
    stage="design",
    title=(
        "③ 照合しきい値が実測で別人を統合しない値より緩くない",
        "③ The match threshold is no looser than the measured one that merges no two people",
    ),
    fields=("case_settings.repeat.match_threshold",),
    cases=(Case.repeat,),
)
def repeat_threshold_measured(spec, context):
    settings = _repeat(spec)
    measured = calibration_of(settings)
    if spec.case is not Case.repeat or measured is None:
        return
    if settings.match_threshold < measured.safe_threshold:
        yield (
            f"照合しきい値 {settings.match_threshold:g} は、{measured.model} が実測"
            f"（{measured.different_pairs:,} 組の別人ペア）で別人を一度も統合しなかった最も緩い値 "
            f"{measured.safe_threshold:g} より緩く、別人の来店履歴が統合されるおそれがあります。"
            f"{measured.safe_threshold:g} 以上にしてください",
            f"match_threshold {settings.match_threshold:g} is looser than "
            f"{measured.safe_threshold:g}, the loosest threshold at which {measured.model} "
            f"merged no two people in {measured.different_pairs:,} different-person pairs: two "
            f"visitors' histories may be merged; set it to {measured.safe_threshold:g} or higher",
            "case_settings.repeat.match_threshold",
        )


@rule(
    "CAS-021",
    severity="info",
    basis=("PPC 顔識別機能付きカメラシステム報告書 (2023)", "GB §4"),
    stage="design",
    title=(
        "③ 誤統合が 1% 未満に収まる登録数の上限",
        "③ The gallery size up to which false merges stay below 1 %",
    ),
    fields=("case_settings.repeat.match_threshold",),
    cases=(Case.repeat,),
)
def repeat_gallery_limit(spec, context):
    if spec.case is not Case.repeat:
        return
    measured = calibration_of(_repeat(spec))
    if measured is None:
        yield (
            f"{DEFAULT_EMBEDDER} の照合精度は実測されていないため、誤統合が 1% 未満に収まる登録数の"
            "上限は不明です（benchmarks/calibrate_faces.py で測定してください）",
            f"{DEFAULT_EMBEDDER} has no measured calibration, so the gallery size up to which "
            "false merges stay below 1 % is unknown (measure it with "
            "benchmarks/calibrate_faces.py)",
        )
        return
    rate = f"{measured.false_accept_rate:.2g}"
    yield (
        f"照合は 1 対多です。登録数 N のとき、新しい顔が別人と誤って照合される確率は約 N × {rate}"
        f"（しきい値 {measured.safe_threshold:g} での 1 組あたりの誤受入率、"
        f"{measured.different_pairs:,} 組で実測）。誤統合の期待値が 1% 未満に収まるのは登録数 "
        f"{measured.gallery_limit:,} 件までで、これを超えると保管庫が警告します",
        f"Matching is one-to-many: with N templates a new face wrongly matches someone with "
        f"probability about N × {rate} (the per-pair false-accept rate at threshold "
        f"{measured.safe_threshold:g}, measured on {measured.different_pairs:,} pairs). The "
        f"expected false-merge rate stays below 1 % up to {measured.gallery_limit:,} "
        "templates; the vault warns when it holds more",
    )


@rule(
    "CAS-022",
    severity="error",
    basis=("GB §4", "APPI 第27条"),
    stage="design",
    title=(
        "③ この拠点が特徴量を共有する自社店舗の一つである",
        "③ This site is one of the operator's own stores that share features",
    ),
    fields=("site.id", "case_settings.repeat.stores"),
    cases=(Case.repeat,),
)
def repeat_site_is_a_store(spec, context):
    if spec.case is not Case.repeat:
        return
    stores = _repeat(spec).stores
    if not stores:
        return  # CAS-019 asks for the list first
    if spec.site.id is None:
        yield (
            "来店記録をどの店舗のものとするか、拠点の id（site.id）を指定してください"
            f"（case_settings.repeat.stores の一つ: {', '.join(stores) or '-'}）",
            "Give the site's id (site.id), the store its visits are recorded under: one of "
            f"case_settings.repeat.stores ({', '.join(stores) or 'none listed'})",
            "site.id",
        )
    elif spec.site.id not in stores:
        yield (
            f"拠点 {spec.site.id} が case_settings.repeat.stores にありません。特徴量は自社の"
            "店舗の間でのみ照合します",
            f"Site {spec.site.id} is not in case_settings.repeat.stores: features are matched "
            "only among the operator's own stores listed there",
            "case_settings.repeat.stores",
        )
