"""Rules of the individual application cases (GB §4, GB §6)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from privacam.policy.case_profiles import PROFILES
from privacam.policy.checks import rule
from privacam.policy.clauses import affirmed_clauses
from privacam.policy.face_recognition import face_recognition_use
from privacam.policy.floor_plan import floor_plan_problem
from privacam.policy.rules._util import blank
from privacam.policy.spec import (
    Case,
    CrowdSettings,
    RepeatSettings,
    StreetSettings,
)


def _repeat(spec) -> RepeatSettings:
    return spec.case_settings.repeat or RepeatSettings()


def _crowd(spec) -> CrowdSettings:
    return spec.case_settings.crowd or CrowdSettings()


def _street(spec) -> StreetSettings:
    return spec.case_settings.street or StreetSettings()


@rule(
    "CAS-001",
    severity="error",
    basis=("GB §4", "PPC 顔識別機能付きカメラシステム報告書 (2023)"),
    stage="handling",
    title=(
        "③ 分析を望まない人のための利用停止・削除の窓口がある",
        "③ People who do not want to be analysed have an opt-out and deletion route",
    ),
    fields=("requests.opt_out",),
    cases=(Case.repeat,),
)
def repeat_opt_out(spec, context):
    if spec.case is Case.repeat and blank(spec.requests.opt_out):
        yield (
            "リピート分析では、顔写真の照合による利用停止・削除の窓口（requests.opt_out）が必要です",
            "Repeat analysis needs an opt-out and deletion route by face matching "
            "(requests.opt_out)",
            "requests.opt_out",
        )


@rule(
    "CAS-002",
    severity="error",
    basis=("GB §3", "GB §4", "APPI 第21条"),
    stage="capture",
    title=(
        "③ 顔認識を使うことを通知で明示する",
        "③ The notice states plainly that face recognition is used",
    ),
    fields=("case_settings.repeat.notice_states_face_recognition",),
    cases=(Case.repeat,),
)
def repeat_states_face_recognition(spec, context):
    # The notice reads the same answer (policy.face_recognition), so the sign can never say
    # less than this check accepts.
    use = face_recognition_use(spec)
    if use.by_case and use.withheld:
        yield (
            "顔認識を使用することを通知に明記してください",
            "State on the notice that face recognition is used",
        )


@rule(
    "CAS-003",
    severity="error",
    basis=("PPC 顔識別機能付きカメラシステム報告書 (2023)", "GB §4"),
    stage="design",
    title=(
        "③ 照合しない顔データは直ちに削除する",
        "③ Face data that matches no one is deleted at once",
    ),
    fields=(
        "case_settings.repeat.enrol_unmatched",
        "case_settings.repeat.delete_unmatched_immediately",
    ),
    cases=(Case.repeat,),
)
def repeat_unmatched_deleted(spec, context):
    # privacam enrols an unmatched face or discards it at once (cases/repeat.py); it has no
    # way to keep one, so a file that asks for that is refused rather than silently ignored.
    if spec.case is Case.repeat and _repeat(spec).delete_unmatched_immediately is False:
        yield (
            "照合しない顔データは新規登録するか直ちに削除します（保持はできません）。"
            "delete_unmatched_immediately: false を消し、登録もしない場合は enrol_unmatched: false "
            "としてください",
            "Face data that matches no one is enrolled or deleted at once, never kept: remove "
            "delete_unmatched_immediately: false, and set enrol_unmatched: false to enrol no one",
            "case_settings.repeat.delete_unmatched_immediately",
        )


@rule(
    "CAS-004",
    severity="error",
    # Joint use is not third-party provision under 第27条 (第5項第3号): refusing it rests on the
    # guidebook's "same operator's stores only" and on privacam's policy.
    basis=("GB §4", "privacam policy", "APPI 第27条"),
    stage="handling",
    title=(
        "③ 特徴量・来店履歴を第三者に提供しない",
        "③ Features and visit histories are never provided to third parties",
    ),
    fields=("third_party.provides", "third_party.joint_use"),
    cases=(Case.repeat,),
)
def repeat_no_third_party(spec, context):
    if spec.case is not Case.repeat:
        return
    personal = [r for r in spec.third_party.recipients if r.data != "statistics"]
    if personal or spec.third_party.joint_use:
        yield (
            "リピート分析の特徴量・来店履歴は第三者提供・共同利用できません（同一事業者の店舗のみ）",
            "Repeat-analysis features and histories may not be provided or jointly used (the "
            "same operator's stores only)",
            "third_party",
        )


@rule(
    "CAS-005",
    severity="error",
    basis=("GB §4", "GB §6"),
    stage="design",
    title=("⑥ 人物はアイコンでのみ表示する", "⑥ People are shown as icons only"),
    fields=("case_settings.crowd.icons_only",),
    cases=(Case.crowd,),
)
def crowd_icons_only(spec, context):
    if spec.case is Case.crowd and not _crowd(spec).icons_only:
        yield (
            "混雑マップは人物をアイコンでのみ表示してください",
            "Show people on the crowd map as icons only",
        )


@rule(
    "CAS-006",
    severity="error",
    basis=("GB §4", "GB §6", "privacam policy"),
    stage="design",
    title=(
        "⑥ アイコンマップは60秒以内に上書きし最新のみ保持",
        "⑥ The icon map is overwritten within 60 s, latest only",
    ),
    fields=("case_settings.crowd.overwrite_interval",),
    cases=(Case.crowd,),
)
def crowd_overwrite_interval(spec, context):
    interval = _crowd(spec).overwrite_interval
    if spec.case is Case.crowd and interval > timedelta(seconds=60):
        yield (
            f"アイコンマップの上書き間隔 {int(interval.total_seconds())} 秒は上限 60 秒を超えています",
            f"The icon map overwrite interval of {int(interval.total_seconds())} s exceeds 60 s",
        )


@rule(
    "CAS-007",
    severity="error",
    basis=("GB §4",),
    stage="design",
    title=(
        "⑥ 個人の軌跡を保存しない",
        "⑥ No individual tracks are stored",
    ),
    fields=("case_settings.crowd.store_individual_tracks",),
    cases=(Case.crowd,),
)
def crowd_no_tracks(spec, context):
    if spec.case is Case.crowd and _crowd(spec).store_individual_tracks:
        yield (
            "混雑把握では個人の軌跡を保存しないでください",
            "Do not store individual tracks for crowd maps",
        )


@rule(
    "CAS-008",
    severity="error",
    basis=("GB §4", "事前告知"),
    stage="prior_announcement",
    title=(
        "⑥ 撮影開始前に目的を公表している",
        "⑥ The purpose is announced before capture",
    ),
    fields=("prior_announcement.published_on", "period.start"),
    cases=(Case.crowd,),
)
def crowd_announced(spec, context):
    if spec.case is not Case.crowd:
        return
    announced = spec.prior_announcement.published_on
    if announced is None or announced > spec.period.start:
        yield (
            "駅構内の混雑把握は、撮影開始前に利用目的を公表する必要があります",
            "Station crowd analysis must announce its purpose before capture starts",
            "prior_announcement.published_on",
        )


@rule(
    "CAS-009",
    severity="error",
    basis=("GB §4", "APPI 第18条", "APPI 第20条"),
    stage="handling",
    title=(
        "⑥ 防犯カメラの映像を同意なく転用しない",
        "⑥ Security footage is not reused without consent",
    ),
    fields=(
        "case_settings.crowd.reuses_security_footage",
        "case_settings.crowd.security_footage_consent",
    ),
    cases=(Case.crowd,),
)
def crowd_security_footage(spec, context):
    settings = _crowd(spec)
    if (
        spec.case is Case.crowd
        and settings.reuses_security_footage
        and not settings.security_footage_consent
    ):
        yield (
            "防犯目的で取得した映像を混雑把握に転用するには同意が必要です",
            "Reusing security footage for crowd maps needs consent",
        )


@rule(
    "CAS-010",
    severity="error",
    basis=("GB §4",),
    stage="design",
    title=(
        "⑤ 顔とナンバープレートの両方をマスクする",
        "⑤ Both faces and licence plates are masked",
    ),
    fields=("case_settings.street.mask",),
    cases=(Case.street,),
)
def street_masks_both(spec, context):
    if spec.case is not Case.street:
        return
    missing = {"faces", "plates"} - set(_street(spec).mask)
    if missing:
        yield (
            f"マスク対象が不足しています: {', '.join(sorted(missing))}",
            f"Masking is missing for: {', '.join(sorted(missing))}",
        )


@rule(
    "CAS-011",
    severity="warning",
    basis=("GB §4", "privacam policy"),
    stage="design",
    title=(
        "⑤ 音声を保存せず、位置情報を粗くする",
        "⑤ Audio is dropped and locations are coarsened",
    ),
    fields=("case_settings.street.keep_audio", "case_settings.street.gps_decimals"),
    cases=(Case.street,),
)
def street_audio_and_gps(spec, context):
    if spec.case is not Case.street:
        return
    settings = _street(spec)
    if settings.keep_audio:
        yield (
            "音声には会話が含まれ得ます。保存しない設定を推奨します",
            "Audio may record conversations; dropping it is recommended",
            "case_settings.street.keep_audio",
        )
    if settings.gps_decimals is not None and settings.gps_decimals > 4:
        yield (
            f"位置情報が小数点以下 {settings.gps_decimals} 桁（約 10 m 未満）まで残ります",
            f"GPS keeps {settings.gps_decimals} decimals (under about 10 m)",
            "case_settings.street.gps_decimals",
        )


@rule(
    "CAS-012",
    severity="error",
    basis=("GB §4", "GB §6"),
    stage="design",
    title=(
        "⑤ マスク前の元画像を残す場合は隔離の保存期間を定める",
        "⑤ Unmasked originals kept in quarantine have a declared retention",
    ),
    fields=("case_settings.street.quarantine_dir", "data_items[].key"),
    cases=(Case.street,),
)
def street_quarantine_retention(spec, context):
    if (
        spec.case is Case.street
        and _street(spec).quarantine_dir
        and not spec.data_item("quarantine")
    ):
        yield (
            "隔離ディレクトリを使う場合はデータ項目 quarantine（保存期間）を申告してください",
            "A quarantine directory needs a declared 'quarantine' data item with its retention",
            "data_items",
        )


@rule(
    "CAS-013",
    severity="error",
    basis=("GB §4",),
    stage="design",
    title=(
        "④ 計測線または計測エリアが定められている",
        "④ Counting lines or zones are defined",
    ),
    fields=("cameras[].lines", "cameras[].zones"),
    cases=(Case.counting,),
)
def counting_has_geometry(spec, context):
    if spec.case is Case.counting and not any(c.lines or c.zones for c in spec.cameras):
        yield (
            "人数計測には少なくとも一つの計測線または計測エリアが必要です",
            "Counting needs at least one counting line or zone",
            "cameras",
        )


@rule(
    "CAS-014",
    severity="warning",
    basis=("GB §4", "privacam policy"),
    stage="design",
    title=(
        "②⑥ 平面図と4点以上の対応点がある",
        "②⑥ A floor plan and at least 4 point pairs are given",
    ),
    fields=("site.floor_plan", "cameras[].floor_points"),
    cases=(Case.flow, Case.crowd),
)
def floor_plan_for_maps(spec, context):
    if spec.case not in (Case.flow, Case.crowd):
        return
    if not spec.site.floor_plan:
        yield (
            "ヒートマップ・アイコンマップを描く平面図（site.floor_plan）を指定してください",
            "Give the floor plan (site.floor_plan) on which maps are drawn",
            "site.floor_plan",
        )
    for index, camera in enumerate(spec.cameras):
        if len(camera.floor_points) < 4:
            yield (
                f"カメラ {camera.id} の平面図対応点が {len(camera.floor_points)} 点です（4点以上必要）",
                f"Camera {camera.id} has {len(camera.floor_points)} floor point pairs (4 or more "
                "needed)",
                f"cameras[{index}].floor_points",
            )


@rule(
    "CAS-018",
    severity="error",
    basis=("GB §4",),
    stage="design",
    title=(
        "②⑥ 指定した平面図のファイルがあり、画像として読み込める",
        "②⑥ The floor plan file named exists and can be read as an image",
    ),
    fields=("site.floor_plan",),
)
def floor_plan_file_readable(spec, context):
    # Without a plan the maps would be drawn on nothing in floor-plan pixels: an empty
    # heatmap and icon map that look like "nobody was there".
    if spec.case not in (Case.flow, Case.crowd) or not spec.site.floor_plan:
        return
    path = Path(spec.site.floor_plan)
    if not path.is_absolute():
        if context.base_dir is None:
            return  # not read from a file: nothing to resolve the name against
        path = context.base_dir / path
    problem = floor_plan_problem(path)
    if problem is not None:
        ja, en = problem
        yield (
            f"{ja}。平面図の画像を置くか、site.floor_plan（デプロイメントファイルからの相対パス）を"
            "直してください",
            f"{en}; put the plan image there or fix site.floor_plan (relative to the deployment "
            "file)",
            "site.floor_plan",
        )


@rule(
    "CAS-015",
    severity="warning",
    basis=("privacam policy",),
    stage="design",
    title=(
        "使わない事例の設定が残っていない",
        "No settings are left for a case not in use",
    ),
    fields=("case", "case_settings"),
)
def unused_case_settings(spec, context):
    for case in Case:
        if case is not spec.case and getattr(spec.case_settings, case.value) is not None:
            yield (
                f"事例「{case.value}」の設定がありますが、この配置の事例は「{spec.case.value}」です",
                f"Settings for case '{case.value}' are present, but this deployment is "
                f"'{spec.case.value}'",
                f"case_settings.{case.value}",
            )


@rule(
    "CAS-016",
    severity="warning",
    basis=("GB §4", "GB §3"),
    stage="design",
    title=(
        "①③ 推定する属性を申告し通知に記載する",
        "①③ The inferred attributes are declared for the notice",
    ),
    fields=("inferred_attributes", "purposes[].use", "purposes[].output"),
    cases=(Case.attributes, Case.repeat),
)
def attributes_declared(spec, context):
    if spec.case not in (Case.attributes, Case.repeat):
        return
    if spec.case is Case.attributes and not spec.inferred_attributes:
        yield (
            "属性推定の事例ですが、推定する属性（inferred_attributes）がありません",
            "This is attribute estimation, but no inferred attribute is declared",
        )
    # ③ may or may not estimate age and gender for its visit histories; what it must not do
    # is say so in a purpose while the notice, which lists inferred_attributes, stays silent.
    declared = set(spec.inferred_attributes)
    for purpose in spec.purposes:
        texts = "、".join(
            clause
            for t in (purpose.use, purpose.output)
            for clause in affirmed_clauses(t.ja + "。" + t.en)
        )
        for keys, (ja, en), pattern in _ATTRIBUTE_WORDS:
            if pattern.search(texts) and not declared & keys:
                yield (
                    f"目的「{purpose.id}」は{ja}の推定を述べていますが、inferred_attributes に"
                    f"{ja}（{' / '.join(sorted(keys))}）がなく、通知に記載されません",
                    f"Purpose '{purpose.id}' speaks of estimating {en}, but inferred_attributes "
                    f"does not declare it ({' / '.join(sorted(keys))}), so the notice omits it",
                    "inferred_attributes",
                )


#: The attributes ①③ may infer, as purposes word them: (keys, (name ja, name en), words).
_ATTRIBUTE_WORDS = (
    (
        frozenset({"age", "age_bracket"}),
        ("年齢", "age"),
        re.compile(r"年齢|年代|\bage(s|d| brackets?| groups?)?\b", re.IGNORECASE),
    ),
    (frozenset({"gender"}), ("性別", "gender"), re.compile(r"性別|男女|\b(gender|sex)\b", re.I)),
)


@rule(
    "CAS-019",
    severity="error",
    basis=("GB §4",),
    stage="design",
    title=(
        "③ 特徴量を共有する店舗（同一事業者の店舗のみ）を列挙している",
        "③ The stores that share features (this operator's own only) are listed",
    ),
    fields=("case_settings.repeat.stores",),
    cases=(Case.repeat,),
)
def repeat_stores_listed(spec, context):
    if spec.case is Case.repeat and not _repeat(spec).stores:
        yield (
            "リピート分析で顔特徴量を照合・共有する店舗（同一事業者の店舗のみ）を "
            "case_settings.repeat.stores に列挙してください",
            "List in case_settings.repeat.stores the stores whose visits are matched against "
            "the same features (this operator's own stores only)",
            "case_settings.repeat.stores",
        )


@rule(
    "CAS-017",
    severity="info",
    basis=("GB §1",),
    stage="plan",
    title=(
        "データを結び付ける時間・空間の範囲に応じた影響度",
        "Impact grows with the time and space over which data is linked",
    ),
    fields=("case",),
)
def impact_level(spec, context):
    level = PROFILES[spec.case].impact_level
    if level >= 2:
        yield (
            f"この事例は一人のデータを結び付ける範囲が広く、影響度が高い（{level}/3）ため、"
            "より慎重な説明と管理が必要です",
            f"This case links one person's data over a wider range (impact {level}/3); it needs "
            "more careful explanation and control",
        )
