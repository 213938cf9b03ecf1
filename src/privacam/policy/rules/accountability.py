"""Accountability and governance: operator, inquiry point, officer, reviews, sign-off (GB §1, §2)."""

from __future__ import annotations

from privacam.policy.checks import rule
from privacam.policy.deployment_template import PLACEHOLDER_MARKERS
from privacam.policy.rules._util import walk_strings


@rule(
    "ACC-001",
    severity="error",
    basis=("GB §1", "GB §3", "APPI 第32条"),
    stage="plan",
    title=(
        "問い合わせ窓口が一つ定められ、連絡手段がある",
        "One inquiry point is named and can be reached",
    ),
    fields=("inquiry.name", "inquiry.phone", "inquiry.email", "inquiry.url"),
)
def inquiry_point(spec, context):
    if spec.inquiry is None:
        yield (
            "問い合わせ窓口（inquiry）がありません。一般の方が問い合わせる窓口を一つ定めてください",
            "There is no inquiry point (inquiry); name one point that answers the public",
            "inquiry",
        )
    elif not (spec.inquiry.phone or spec.inquiry.email or spec.inquiry.url):
        yield (
            "問い合わせ窓口に電話・メール・URLのいずれもありません",
            "The inquiry point has no phone, email or URL",
            "inquiry",
        )


@rule(
    "ACC-002",
    severity="error",
    basis=("GB §1", "APPI 第32条"),
    stage="plan",
    title=(
        "運用実施主体が名称と連絡先（住所またはURL）、法人は代表者名で特定される",
        "The accountable operator is named with an address or URL, a corporation with its "
        "representative",
    ),
    fields=("operator.name", "operator.address", "operator.url", "operator.representative"),
)
def operator_identified(spec, context):
    if spec.operator.address is None and not spec.operator.url:
        yield (
            "運用実施主体の住所またはURLを記載してください",
            "Give the operator's address or URL so the public can identify it",
            "operator",
        )
    # 第32条 publishes a corporation's representative; an individual is named already.
    if (
        spec.operator.legal_form == "corporation"
        and not (spec.operator.representative or "").strip()
    ):
        yield (
            "法人の運用実施主体は代表者の氏名（operator.representative）を公表します。記載してください"
            "（個人事業主なら operator.legal_form: individual）",
            "A corporation publishes its representative's name (APPI 第32条): give "
            "operator.representative (or set operator.legal_form: individual for a sole "
            "proprietor)",
            "operator.representative",
        )


@rule(
    "ACC-003",
    severity="warning",
    basis=("GB §2", "APPI 第23条"),
    stage="management",
    title=("個人情報の管理責任者が定められている", "A privacy officer is named"),
    fields=("privacy_officer.name",),
)
def privacy_officer(spec, context):
    if spec.privacy_officer is None:
        yield (
            "個人情報保護管理者（privacy_officer）を定めてください",
            "Name a privacy officer (privacy_officer)",
            "privacy_officer",
        )


@rule(
    "ACC-004",
    severity="warning",
    basis=("privacam policy",),
    stage="plan",
    title=("例示の値が残っていない", "No example placeholder is left"),
    fields=("operator.name",),
)
def placeholders(spec, context):
    by_section: dict[str, list[str]] = {}
    for path, text in walk_strings(spec.model_dump(mode="json")):
        lowered = text.lower()
        if any(marker.lower() in lowered for marker in PLACEHOLDER_MARKERS):
            by_section.setdefault(path.split(".")[0].split("[")[0], []).append(path)
    for paths in by_section.values():
        shown = ", ".join(paths[:3]) + (f" …(+{len(paths) - 3})" if len(paths) > 3 else "")
        yield (
            f"例示の値が残っています: {shown}",
            f"Example placeholder values remain: {shown}",
            paths[0],
        )


@rule(
    "ACC-005",
    severity="error",
    basis=("GB §1",),
    stage="management",
    title=("定期的な見直しの期限を過ぎていない", "The periodic review is not overdue"),
    fields=("review.next_review",),
)
def review_not_overdue(spec, context):
    if spec.review.next_review < context.today:
        days = (context.today - spec.review.next_review).days
        yield (
            f"見直し期限 {spec.review.next_review} を {days} 日過ぎています。見直して記録してください",
            f"The review was due on {spec.review.next_review}, {days} days ago; review and log it",
        )


@rule(
    "ACC-006",
    severity="warning",
    basis=("GB §1",),
    stage="management",
    title=(
        "見直しの記録があり、次回期限が見直し間隔以内",
        "Reviews are logged and the next one is within the interval",
    ),
    fields=("review.log", "review.interval_days", "review.next_review"),
)
def review_log(spec, context):
    if not spec.review.log:
        yield ("見直しの記録（review.log）がありません", "The review log is empty", "review.log")
        return
    last = max(entry.date for entry in spec.review.log)
    gap = (spec.review.next_review - last).days
    if gap > spec.review.interval_days:
        yield (
            f"次回見直しが前回（{last}）から {gap} 日後で、見直し間隔 {spec.review.interval_days} 日を超えています",
            f"The next review is {gap} days after the last ({last}), beyond the "
            f"{spec.review.interval_days}-day interval",
            "review.next_review",
        )


@rule(
    "ACC-007",
    severity="warning",
    basis=("GB §2", "privacam policy"),
    stage="plan",
    title=(
        "作成者・承認者が署名し、残存リスクが受容されている",
        "Preparer and approver signed, and residual risk accepted",
    ),
    fields=("signoff.prepared_by", "signoff.approved_by", "signoff.residual_risk_accepted"),
)
def signoff(spec, context):
    missing = []
    if spec.signoff.prepared_by is None:
        missing.append("prepared_by")
    if spec.signoff.approved_by is None:
        missing.append("approved_by")
    if not spec.signoff.residual_risk_accepted:
        missing.append("residual_risk_accepted")
    if missing:
        yield (
            f"人による承認が未了です: {', '.join(missing)}",
            f"Human sign-off is incomplete: {', '.join(missing)}",
            "signoff",
        )


@rule(
    "ACC-008",
    severity="warning",
    basis=("GB §2", "APPI 第25条"),
    stage="management",
    title=("委託先の監督方法が定められている", "Contractors are supervised"),
    fields=("contractors[].name", "contractors[].supervision"),
)
def contractor_supervision(spec, context):
    for index, contractor in enumerate(spec.contractors):
        if contractor.supervision is None:
            yield (
                f"委託先「{contractor.name.ja}」の監督方法を記載してください",
                f"Describe how contractor '{contractor.name.en}' is supervised",
                f"contractors[{index}].supervision",
            )
