"""Data inventory and lifecycle: each data item by class, its retention against GB §6.

>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> inventory = build_inventory(load_spec_text(render_template("repeat")).public)
>>> [(g.data_class, [i.key for i in g.items]) for g in inventory.groups]
[('statistics', ['statistics']), ('personal', ['raw_images', 'visit_history']), ('identifier', ['face_features', 'exclusion_templates'])]
>>> inventory.groups[2].items[0].retention_status
'within_default'
"""

from __future__ import annotations

from datetime import timedelta

from privacam.policy.assessment.context import processing_text, storage_engine
from privacam.policy.assessment.labels import (
    AT_EXPIRY,
    DATA_CLASS_MEANINGS,
    DATA_CLASSES,
    RETENTION_STATUS,
    t,
)
from privacam.policy.assessment.model import (
    DataClassGroup,
    Inventory,
    InventoryItem,
    LifecycleStep,
    RetentionStatus,
)
from privacam.policy.case_profiles import PROFILES
from privacam.policy.durations import format_duration
from privacam.policy.localized import LocalizedText
from privacam.policy.retention import RETENTION, effective_retention
from privacam.policy.spec import DataClass, DataItem, Deployment


def duration_text(value: timedelta) -> LocalizedText:
    return t(format_duration(value, "ja"), format_duration(value, "en"))


def limit_text(value: timedelta) -> LocalizedText:
    """A reference value: zero is written as a number, not as 'not stored'."""
    return t("0秒", "0 s") if value == timedelta(0) else duration_text(value)


def retention_status(item: DataItem) -> RetentionStatus:
    """How an item's retention compares with privacam's default and ceiling (GB §6)."""
    if item.retention == timedelta(0):
        return "memory_only"
    if item.key not in RETENTION:
        return "unknown"
    effective = effective_retention(item.key, item.retention)
    if effective.clamped:
        return "above_ceiling"
    if effective.default is not None and item.retention <= effective.default:
        return "within_default"
    return "operator_choice" if effective.ceiling is None else "above_default"


def _stored_at(item: DataItem, spec: Deployment) -> LocalizedText:
    if item.retention == timedelta(0):
        return t("保存しない", "not stored")
    engine = storage_engine(spec)
    if item.data_class is DataClass.identifier:
        # The encrypted vault for identifiers comes with case ③; until it exists the report
        # must not promise one, and nothing of this class is stored.
        return t(
            "保存しない（識別子の暗号化保管庫は未実装）",
            "not stored (privacam has no encrypted vault for identifiers yet)",
        )
    if item.key == "icon_map":
        return t("最新の1枚のみ（上書き保存）", "the latest one only (overwritten)")
    return engine


def _item(item: DataItem, spec: Deployment) -> InventoryItem:
    limit = RETENTION.get(item.key)
    status = retention_status(item)
    return InventoryItem(
        key=item.key,
        description=item.description,
        data_class=item.data_class.value,
        retention=duration_text(item.retention),
        retention_seconds=int(item.retention.total_seconds()),
        default=limit_text(limit.default) if limit else None,
        ceiling=(
            limit_text(limit.ceiling)
            if limit and limit.ceiling is not None
            else (t("運用実施主体が定める", "operator's choice") if limit else None)
        ),
        retention_status=status,
        retention_status_text=RETENTION_STATUS[status],
        at_expiry=item.at_expiry,
        at_expiry_text=(
            t("—（保存しない）", "— (not stored)")
            if status == "memory_only"
            else AT_EXPIRY[item.at_expiry]
        ),
        processed_at=processing_text(spec),
        stored_at=_stored_at(item, spec),
    )


def _expiry_step(spec: Deployment) -> LocalizedText:
    kept = [item for item in spec.data_items if item.retention > timedelta(0)]
    if not kept:
        return t("保存するデータはない", "nothing is kept")
    ja = "、".join(
        f"{item.description.ja}は{format_duration(item.retention, 'ja')}後に"
        f"{AT_EXPIRY[item.at_expiry].ja}"
        for item in kept
    )
    en = "; ".join(
        f"{item.description.en}: {AT_EXPIRY[item.at_expiry].en} after "
        f"{format_duration(item.retention, 'en')}"
        for item in kept
    )
    return t(ja, en)


def build_inventory(spec: Deployment) -> Inventory:
    profile = PROFILES[spec.case]
    groups = []
    for data_class in DataClass:
        items = [_item(item, spec) for item in spec.data_items if item.data_class is data_class]
        if items:
            groups.append(
                DataClassGroup(
                    data_class=data_class.value,
                    name=DATA_CLASSES[data_class.value],
                    meaning=DATA_CLASS_MEANINGS[data_class.value],
                    items=items,
                )
            )
    lifecycle = [
        LifecycleStep(name=t("カメラ画像", "Raw image"), text=profile.raw_image),
        LifecycleStep(name=t("生成データ", "Generated data"), text=profile.generated),
        LifecycleStep(name=t("保存データ", "Kept data"), text=profile.kept),
        LifecycleStep(name=t("削除・統計化", "Deletion / aggregation"), text=_expiry_step(spec)),
    ]
    declared = {item.key for item in spec.data_items}
    return Inventory(
        groups=groups,
        lifecycle=lifecycle,
        missing_required=[key for key in profile.required_data_items if key not in declared],
    )
