"""Data minimisation and retention: privacam's numbers of GUIDEBOOK.md §6."""

from __future__ import annotations

from privacam.policy.case_profiles import PROFILES
from privacam.policy.checks import rule
from privacam.policy.durations import format_duration
from privacam.policy.retention import RETENTION, RetentionLimit, effective_retention
from privacam.policy.spec import Case, DataClass


def _both(duration):
    return format_duration(duration, "ja"), format_duration(duration, "en")


def _limit(spec, key: str) -> RetentionLimit | None:
    """privacam's retention rule for ``key`` in this deployment's case.

    In ⑤ the camera images are the unmasked originals, which may stay only briefly: they
    fall under the quarantine's ceiling (GB §4, §6), not under a ceiling of their own.
    """
    if spec.case is Case.street and key == "raw_images":
        return RETENTION["quarantine"]
    return RETENTION.get(key)


def _items_with_limits(spec):
    """(index, data item, privacam's retention rule) for each data item privacam has one for."""
    for index, item in enumerate(spec.data_items):
        limit = _limit(spec, item.key)
        if limit is not None:
            yield index, item, limit


@rule(
    "DAT-001",
    severity="error",
    basis=("GB §4", "GB §6", "privacam policy"),
    stage="design",
    title=(
        "カメラ画像をメモリ上でのみ処理し保存しない（⑤を除く）",
        "Camera images are processed in memory and never kept (all cases but ⑤)",
    ),
    fields=("data_items[].retention",),
)
def raw_images_not_kept(spec, context):
    if spec.case is Case.street:
        return
    for index, item in enumerate(spec.data_items):
        if item.key == "raw_images" and item.retention.total_seconds() > 0:
            ja, en = _both(item.retention)
            yield (
                f"カメラ画像の保存期間が {ja} です。0s（保存しない）にしてください",
                f"Camera images are kept for {en}; set 0s (never stored)",
                f"data_items[{index}].retention",
            )


@rule(
    "DAT-002",
    severity="error",
    basis=("GB §6", "privacam policy"),
    stage="design",
    title=("保存期間が上限以内", "Retention within privacam's ceilings"),
    fields=("data_items[].key", "data_items[].retention"),
)
def retention_ceilings(spec, context):
    for index, item, limit in _items_with_limits(spec):
        if item.key == "raw_images" and spec.case is not Case.street:
            continue  # DAT-001: kept at all is the error
        effective = effective_retention(limit.key, item.retention)
        if effective.clamped:
            have_ja, have_en = _both(item.retention)
            cap_ja, cap_en = _both(effective.period)
            yield (
                f"{limit.description.ja}の保存期間 {have_ja} は上限 {cap_ja} を超えています",
                f"{limit.description.en}: retention {have_en} exceeds the ceiling of {cap_en}",
                f"data_items[{index}].retention",
            )


@rule(
    "DAT-003",
    severity="warning",
    basis=("GB §6", "privacam policy"),
    stage="design",
    title=(
        "保存期間が警告水準以内（例: 隔離画像 7日）",
        "Retention within the warning level (e.g. quarantine 7 days)",
    ),
    fields=("data_items[].retention",),
)
def retention_warnings(spec, context):
    for index, item, limit in _items_with_limits(spec):
        if limit.warn_above is None:
            continue
        within_ceiling = not effective_retention(limit.key, item.retention).clamped
        if limit.warn_above < item.retention and within_ceiling:
            have_ja, have_en = _both(item.retention)
            warn_ja, warn_en = _both(limit.warn_above)
            yield (
                f"{limit.description.ja}の保存期間 {have_ja} は {warn_ja} を超えています。短縮を検討してください",
                f"{limit.description.en}: {have_en} is above {warn_en}; consider shortening it",
                f"data_items[{index}].retention",
            )


@rule(
    "DAT-004",
    severity="error",
    basis=("GB §1", "APPI 第2条第1項", "APPI 第2条第2項", "APPI 第16条"),
    stage="design",
    title=(
        "データ項目の分類（統計・個人・識別符号）が正しい",
        "Each data item has the right class (statistics / personal / identifier)",
    ),
    fields=("data_items[].key", "data_items[].data_class"),
)
def data_classes(spec, context):
    for index, item, limit in _items_with_limits(spec):
        # Declaring personal data as statistics would take it out of the law's protection;
        # the reverse (over-classifying) is harmless.
        rank = {DataClass.statistics: 0, DataClass.personal: 1, DataClass.identifier: 2}
        if rank[item.data_class] < rank[limit.data_class]:
            yield (
                f"「{item.key}」は {limit.data_class.value} に分類されるべきデータです"
                f"（申告: {item.data_class.value}）",
                f"'{item.key}' is {limit.data_class.value} data, declared as "
                f"{item.data_class.value}",
                f"data_items[{index}].data_class",
            )


@rule(
    "DAT-005",
    severity="info",
    basis=("GB §4", "GB §6", "privacam policy", "PPC 顔識別機能付きカメラシステム報告書 (2023)"),
    stage="design",
    title=(
        "保存期間が既定値を超える場合は理由を記載",
        "Retention above the default is justified",
    ),
    fields=("data_items[].retention", "justification.proportionality"),
)
def retention_above_default(spec, context):
    for index, item, limit in _items_with_limits(spec):
        if item.key in ("statistics", "masked_images"):
            continue
        if (
            item.retention > limit.default
            and not effective_retention(limit.key, item.retention).clamped
        ):
            have_ja, have_en = _both(item.retention)
            base_ja, base_en = _both(limit.default)
            yield (
                f"{limit.description.ja}の保存期間 {have_ja} は既定値 {base_ja} より長いため、"
                "相当性の記載で理由を説明してください",
                f"{limit.description.en}: {have_en} is longer than the default {base_en}; "
                "explain why in the proportionality text",
                f"data_items[{index}].retention",
            )


@rule(
    "DAT-006",
    severity="warning",
    basis=("GB §2", "GB §4"),
    stage="handling",
    title=(
        "期間経過後は削除または統計化する",
        "At expiry, data is deleted or reduced to statistics",
    ),
    fields=("data_items[].at_expiry",),
)
def personal_reduced_at_expiry(spec, context):
    for index, item in enumerate(spec.data_items):
        if item.data_class is DataClass.statistics and item.at_expiry == "aggregate":
            yield (
                f"統計情報「{item.key}」はすでに集計値です。at_expiry は delete にしてください",
                f"Statistics '{item.key}' are already aggregates; set at_expiry to delete",
                f"data_items[{index}].at_expiry",
            )


@rule(
    "DAT-007",
    severity="error",
    basis=("GB §3",),
    stage="plan",
    title=("運用期間の終了日が開始日より後", "The period ends after it starts"),
    fields=("period.start", "period.end"),
)
def period_order(spec, context):
    if spec.period.end is not None and spec.period.end < spec.period.start:
        yield (
            f"運用期間の終了日 {spec.period.end} が開始日 {spec.period.start} より前です",
            f"The period ends ({spec.period.end}) before it starts ({spec.period.start})",
            "period.end",
        )


@rule(
    "DAT-008",
    severity="error",
    basis=("GB §2", "GB §4", "GB §6", "privacam policy"),
    stage="design",
    title=(
        "事例が生成し、privacam に保存期間の定めがあるデータ項目だけを申告している",
        "Only data items the case generates, each with privacam's retention rule, are declared",
    ),
    fields=("data_items[].key",),
)
def only_generated_data_items(spec, context):
    generated = PROFILES[spec.case].generated_data_items
    case = spec.case.value
    for index, item in enumerate(spec.data_items):
        if item.key not in RETENTION:
            keys = ", ".join(RETENTION)
            yield (
                f"データ項目「{item.key}」には privacam の保存期間（既定値・上限）の定めがなく、"
                f"保存期間の規則を適用できません。使えるキー: {keys}",
                f"Data item '{item.key}' has no retention rule in privacam (default and "
                f"ceiling), so no retention rule can apply to it; use one of: {keys}",
                f"data_items[{index}].key",
            )
        elif item.key not in generated:
            keys = ", ".join(generated)
            yield (
                f"事例「{case}」はデータ項目「{item.key}」を生成しません（生成するもの: {keys}）。"
                "目的に必要な最小限のデータだけを生成してください",
                f"Case '{case}' does not generate '{item.key}' (it generates: {keys}); "
                "generate only the minimum data the purpose needs",
                f"data_items[{index}].key",
            )
