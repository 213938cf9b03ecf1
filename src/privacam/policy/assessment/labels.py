"""Fixed bilingual wording the report uses for the deployment file's codes."""

from __future__ import annotations

from privacam.policy.localized import LocalizedText


def t(ja: str, en: str) -> LocalizedText:
    return LocalizedText({"ja": ja, "en": en})


SPACE_TYPES = {
    "private": t("私的空間（店舗内など）", "private space (e.g. inside a shop)"),
    "semi_public": t(
        "準公共空間（駅・複合施設の通路・道路に面した店頭など）",
        "semi-public space (stations, passages, shop fronts facing a road)",
    ),
    "public": t("公共空間（道路・公的施設など）", "public space (roads, public facilities)"),
}

PROCESSING_PLACES = {
    "edge": t("エッジ（カメラまたは近傍の解析装置）", "edge (on the camera or a box beside it)"),
    "on_premise": t("自社サーバー（オンプレミス）", "the operator's own servers (on premise)"),
    "cloud": t("クラウド", "cloud"),
}

DATA_CLASSES = {
    "statistics": t("統計情報", "statistics"),
    "personal": t("個人情報（個人データ）", "personal data"),
    "identifier": t(
        "個人識別符号（顔特徴量など）", "personal identifier code (e.g. face features)"
    ),
}

DATA_CLASS_MEANINGS = {
    "statistics": t(
        "識別子を含まない人数・属性の集計は統計情報であり、個人情報に当たらない（GB §1）",
        "Counts and tallies without identifiers are statistics, not personal information (GB §1)",
    ),
    "personal": t(
        "カメラ画像は取得時点で個人情報に当たる（直後に削除する場合も同じ）（GB §1、APPI 第2条）",
        "Camera images are personal information when captured, even if deleted at once "
        "(GB §1, APPI 第2条)",
    ),
    "identifier": t(
        "本人を認識するための顔特徴量は個人識別符号であり、個人情報に当たる（APPI 第2条第2項）",
        "Face feature data used to recognise a person is a personal identifier code and so "
        "personal information (APPI 第2条第2項)",
    ),
}

AT_EXPIRY = {
    "delete": t("削除する", "deleted"),
    "aggregate": t("統計情報に縮約して削除する", "reduced to statistics, then deleted"),
}

RETENTION_STATUS = {
    "memory_only": t("保存しない（メモリ上でのみ処理）", "not stored (memory only)"),
    "within_default": t("privacam の既定値以内", "within privacam's default"),
    "above_default": t(
        "既定値を超えるが上限以内（理由の説明が必要）",
        "above the default but within the ceiling (explain why)",
    ),
    "above_ceiling": t("privacam の上限を超過", "above privacam's ceiling"),
    "operator_choice": t(
        "運用実施主体が定める期間（通知に明記すること）",
        "the operator's choice (state it in the notice)",
    ),
    "unknown": t("privacam に基準値のないデータ項目", "no privacam reference for this data item"),
}

SEVERITIES = {
    "error": t("エラー", "error"),
    "warning": t("警告", "warning"),
    "info": t("情報", "info"),
    "pass": t("適合", "pass"),
    "not_applicable": t("対象外", "N/A"),
}


def count_en(n: int, singular: str, plural: str | None = None) -> str:
    """``1 warning``, ``2 warnings``: English counts agree with their noun.

    >>> count_en(1, "warning"), count_en(0, "error"), count_en(3, "info", "info")
    ('1 warning', '0 errors', '3 info')
    """
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def stage_counts(passed: int, failed: int, not_applicable: int) -> LocalizedText:
    """How the rules of one stage came out."""
    ja = f"適合 {passed} / 不適合 {failed}"
    en = f"{passed} passed, {failed} failed"
    if not_applicable:
        ja += f" / 対象外 {not_applicable}"
        en += f", {not_applicable} not applicable"
    return t(ja, en)


def check_summary(
    total: int, passed: int, not_applicable: int, errors: int, warnings: int, infos: int
) -> LocalizedText:
    """The check results in one line: applicable rules passed, then findings by severity."""
    applicable = total - not_applicable
    ja = f"対象ルール {applicable} 件中 {passed} 件適合"
    en = f"{passed} of {count_en(applicable, 'applicable rule')} passed"
    if not_applicable:
        ja += f"（他の事例のルール {not_applicable} 件は対象外）"
        en += f" ({not_applicable} of other cases not applicable)"
    ja += f" · エラー {errors} · 警告 {warnings} · 情報 {infos}"
    en += (
        f" · {count_en(errors, 'error')} · {count_en(warnings, 'warning')} · "
        f"{count_en(infos, 'info', 'info')}"
    )
    return t(ja, en)


RISK_LEVELS = {
    "low": t("低", "low"),
    "medium": t("中", "medium"),
    "high": t("高", "high"),
}

FACTORS = {
    "severity": t("影響度", "severity"),
    "likelihood": t("発生可能性", "likelihood"),
}

DISCLAIMER = t(
    "この評価書は設定ファイル（privacam.yaml）から自動生成した。判断と承認は人が行う。"
    "ルールの根拠は GB §N（privacam の GUIDEBOOK.md）、APPI の条番号、または privacam policy "
    "（ガイドブックより厳しい privacam の方針）で示す。",
    "This assessment is generated from the deployment file (privacam.yaml); judgement and "
    "approval are for people. Bases cite GB §N (privacam's GUIDEBOOK.md), APPI articles, or "
    "privacam policy where privacam is stricter than the guidebook.",
)

RISK_METHOD = t(
    "影響度（S）と発生可能性（L）を各1〜5で評価し、点数はその積。固有リスクは一般リスクと適用ケースの"
    "基準値、残存リスクは設定ファイルの事実と確認結果による調整（各行に理由を記載）を加えたもの"
    "（各1〜5に丸める）。区分: 5点以下=低、6〜12点=中、15点以上=高。",
    "Severity (S) and likelihood (L) are scored 1–5 each; the score is their product. The "
    "inherent score is the generic or case baseline; the residual score adds the adjustments "
    "from facts in the file and the check results (each reason listed), each factor kept within "
    "1–5. Bands: 5 or less low, 6–12 medium, 15 or more high.",
)
