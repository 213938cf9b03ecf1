"""Legitimacy, necessity and proportionality (guidebook 3.2) and the privacy impact (GB §1).

>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> analysis = build_analysis(load_spec_text(render_template("counting")).public)
>>> analysis.full_justification_required, analysis.justification_complete, analysis.impact_level
(True, True, 1)
"""

from __future__ import annotations

from privacam.policy.assessment.labels import t
from privacam.policy.assessment.model import Analysis, InferredAttribute, JustificationEntry
from privacam.policy.case_profiles import FORBIDDEN_INFERENCES, PROFILES, attribute_name
from privacam.policy.durations import format_duration
from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Case, Deployment, SpaceType

JUSTIFICATION_PARTS = (
    ("legitimacy", t("目的の正当性", "Legitimacy of the purpose")),
    ("necessity", t("撮影の必要性", "Necessity of capture")),
    ("proportionality", t("方法・手段の相当性", "Proportionality of the means")),
    ("alternatives_considered", t("検討した代替手段", "Alternatives considered")),
    # GB §1: portrait rights and capture itself are harms beyond personal information; the
    # assessment shows where the file answers them (justification.portrait_rights, …).
    (
        "portrait_rights",
        t(
            "肖像権への配慮（justification.portrait_rights）",
            "Portrait rights (justification.portrait_rights)",
        ),
    ),
    (
        "capture_itself",
        t(
            "撮影そのものによる影響（justification.capture_itself）",
            "Capture itself (justification.capture_itself)",
        ),
    ),
)
#: The three the guidebook asks to be explainable; alternatives are recommended only.
REQUIRED_PARTS = ("legitimacy", "necessity", "proportionality")

IMPACT_NAMES = {
    1: t("低（人物を結び付けない）", "low (no person is linked)"),
    2: t("中（1回の来店内で動線を連結）", "medium (linked within one visit)"),
    3: t("高（来店をまたいで同一人物を連結）", "high (linked across visits)"),
}
IMPACT_EXPLANATION = t(
    "特定の個人のデータを結び付ける時間的・空間的範囲が広いほどプライバシーへの影響が高い"
    "（リピート分析 > 動線 > 計数）（GB §1、ガイドブック 3.2）",
    "The wider the time and space over which one person's data is linked, the higher the "
    "privacy impact (repeat analysis > flow lines > counts) (GB §1, guidebook 3.2)",
)


def _retention_of(spec: Deployment, key: str, lang: str) -> str:
    item = spec.data_item(key)
    return format_duration(item.retention, lang) if item else "—"


def linking_scope(spec: Deployment) -> LocalizedText:
    """Over what time and space one person's data is linked, in this deployment."""
    settings = spec.case_settings
    if spec.case is Case.flow:
        timeout = settings.flow.visit_timeout if settings.flow else None
        ja_t = format_duration(timeout, "ja") if timeout else "既定の時間"
        en_t = format_duration(timeout, "en") if timeout else "the default time"
        return t(
            f"1回の来店の間のみ（来店IDは{ja_t}見失うと失効し、来店間は結び付けない）",
            f"within one visit only (the visit id dies after {en_t} unseen; visits are never "
            "linked)",
        )
    if spec.case is Case.repeat:
        stores = settings.repeat.stores if settings.repeat else []
        ja_s = "、".join(stores) if stores else "この店舗"
        en_s = ", ".join(stores) if stores else "this store"
        return t(
            f"来店をまたいで初回来店から最長{_retention_of(spec, 'face_features', 'ja')}"
            f"（対象店舗: {ja_s}）",
            f"across visits, for up to {_retention_of(spec, 'face_features', 'en')} from the "
            f"first visit (stores: {en_s})",
        )
    if spec.case is Case.street:
        decimals = settings.street.gps_decimals if settings.street else 3
        gps_ja = "位置情報なし" if decimals is None else f"位置は小数{decimals}桁に丸める"
        gps_en = "no location" if decimals is None else f"location rounded to {decimals} decimals"
        return t(
            f"人物を結び付けない（マスク済み画像に撮影日時を付与、{gps_ja}）",
            f"no person is linked (masked images carry capture time; {gps_en})",
        )
    if spec.case is Case.crowd:
        tracks = settings.crowd.store_individual_tracks if settings.crowd else False
        return t(
            "人物を結び付けない（位置はアイコン化のみ、個別の軌跡を"
            + ("保存する）" if tracks else "保存しない）"),
            "no person is linked (positions become icons; individual tracks are "
            + ("stored)" if tracks else "not stored)"),
        )
    if spec.case is Case.attributes:
        return t(
            "人物を結び付けない（推定結果は直後に時間帯別の集計に加算する）",
            "no person is linked (each estimate is added to a per-window tally at once)",
        )
    return t(
        "人物を結び付けない（通過時に計数するのみ）", "no person is linked (counted when passing)"
    )


def external_linking(spec: Deployment) -> LocalizedText:
    linking = spec.linking
    targets = [
        (name_ja, name_en)
        for flag, name_ja, name_en in (
            (linking.member_data, "会員情報", "member data"),
            (linking.purchase_data, "購買情報", "purchase data"),
        )
        if flag
    ]
    if not targets:
        return t("会員情報・購買情報とは連携しない", "no link to member or purchase data")
    ja = "・".join(j for j, _ in targets)
    en = " and ".join(e for _, e in targets)
    if linking.consent.obtained:
        return t(f"{ja}と本人の同意を得て連携する", f"linked to {en} with the person's consent")
    return t(f"{ja}と同意なく連携する", f"linked to {en} without consent")


def build_analysis(spec: Deployment) -> Analysis:
    justification = spec.justification
    entries = [
        JustificationEntry(key=key, name=name, text=getattr(justification, key))
        for key, name in JUSTIFICATION_PARTS
    ]
    missing = [key for key in REQUIRED_PARTS if getattr(justification, key) is None]
    required = spec.site.space_type is not SpaceType.private
    names = dict(JUSTIFICATION_PARTS)
    if not missing:
        statement = t(
            "正当性・必要性・相当性の説明が記載されている。",
            "legitimacy, necessity and proportionality are all explained",
        )
    else:
        statement = t(
            "記載がない項目: " + "、".join(names[key].ja for key in missing) + "。",
            "not explained: " + ", ".join(names[key].en for key in missing),
        )
    if required:
        statement = t(
            "公共・準公共空間では撮影を避けることが困難なため、書面による十分な説明が必要。"
            + statement.ja,
            "Public and semi-public space is hard to avoid, so a full written justification is "
            "required. " + statement.en[0].upper() + statement.en[1:] + ".",
        )
    else:
        statement = t(
            "私的空間: 説明の記載を推奨。" + statement.ja,
            "Private space: a written justification is recommended. "
            + statement.en[0].upper()
            + statement.en[1:]
            + ".",
        )
    profile = PROFILES[spec.case]
    return Analysis(
        entries=entries,
        space_type=spec.site.space_type.value,
        full_justification_required=required,
        justification_complete=not missing,
        justification_statement=statement,
        impact_level=profile.impact_level,
        impact_name=IMPACT_NAMES[profile.impact_level],
        impact_explanation=IMPACT_EXPLANATION,
        linking_scope=linking_scope(spec),
        external_linking=external_linking(spec),
        inferred_attributes=[
            InferredAttribute(
                key=key, name=attribute_name(key), forbidden=key in FORBIDDEN_INFERENCES
            )
            for key in spec.inferred_attributes
        ],
    )
