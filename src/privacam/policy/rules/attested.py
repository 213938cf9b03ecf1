"""What no program can verify, so a person writes or signs it: checked for presence (GB §1, §5).

Front-line staff briefed on the inquiry point, what changed since the last review, the
sign-off's attestations (no improper use, exports within the purposes), and the parts of
the justification on portrait rights and on capture itself. privacam cannot judge these
texts; it only refuses to let them be forgotten. A missing one is a warning, like the
sign-off itself (ACC-007): an unsigned draft still passes ``check``.
"""

from __future__ import annotations

from privacam.policy.checks import rule
from privacam.policy.rules._util import blank


@rule(
    "ATT-001",
    severity="warning",
    basis=("GB §1", "GB §2"),
    stage="management",
    title=(
        "現場の従業員が問い合わせ窓口を案内し質問に答えられるよう周知している",
        "Front-line staff are briefed to point to the inquiry point and answer questions",
    ),
    fields=("inquiry.staff_briefing",),
)
def staff_briefed(spec, context):
    if spec.inquiry is not None and blank(spec.inquiry.staff_briefing):
        yield (
            "現場の従業員への周知方法（inquiry.staff_briefing）を記載してください。"
            "撮影場所で尋ねられたとき、窓口を案内し質問に答えられるようにします",
            "Describe how front-line staff are briefed (inquiry.staff_briefing), so that anyone "
            "asked at the site can point to the inquiry point and answer questions",
            "inquiry.staff_briefing",
        )


@rule(
    "ATT-002",
    severity="warning",
    basis=("GB §1",),
    stage="management",
    title=(
        "最新の見直し記録に法令・社会・技術の変化を記載している",
        "The latest review says what changed in law, society and technology",
    ),
    fields=("review.log[].changes",),
)
def review_names_changes(spec, context):
    if not spec.review.log:
        return  # ACC-006 reports an empty log
    index, latest = max(enumerate(spec.review.log), key=lambda pair: pair[1].date)
    if latest.changes is None:
        yield (
            f"最新の見直し（{latest.date}）に、法令・社会情勢・技術の変化（changes.law, "
            "changes.society, changes.technology）を記載してください（変化がなければその旨）",
            f"The latest review ({latest.date}) does not say what changed in law, society and "
            "technology (changes.law, changes.society, changes.technology); write that nothing "
            "changed where nothing did",
            f"review.log[{index}].changes",
        )


def _unsigned_attestation(spec, attested: bool, field: str, what: tuple[str, str]):
    """The problem with one attestation of the sign-off, if any: not given, or not signed."""
    ja, en = what
    if not attested:
        return (
            f"承認者による{ja}の表明（signoff.{field}）がありません",
            f"The approver has not attested {en} (signoff.{field})",
            f"signoff.{field}",
        )
    if spec.signoff.approved_by is None:
        return (
            f"{ja}の表明に承認者の署名（signoff.approved_by）がありません",
            f"The attestation of {en} is not signed (signoff.approved_by)",
            "signoff.approved_by",
        )
    return None


@rule(
    "ATT-003",
    severity="warning",
    basis=("GB §5", "APPI 第19条"),
    stage="handling",
    title=(
        "承認者が不適正な利用をしないことを署名して表明している",
        "The approver attests, signed, that the data is not used improperly",
    ),
    fields=("signoff.attests_no_improper_use", "signoff.approved_by"),
)
def no_improper_use_attested(spec, context):
    problem = _unsigned_attestation(
        spec,
        spec.signoff.attests_no_improper_use,
        "attests_no_improper_use",
        (
            "違法・不当な行為を助長・誘発するおそれのある方法で利用しないこと",
            "that the data is not used in a way that may encourage or induce illegal or "
            "improper acts",
        ),
    )
    if problem:
        yield problem


@rule(
    "ATT-004",
    severity="warning",
    basis=("GB §2", "APPI 第18条"),
    stage="handling",
    title=(
        "承認者がエクスポートを利用目的の範囲に限ることを署名して表明している",
        "The approver attests, signed, that exports serve the announced purposes only",
    ),
    fields=("signoff.attests_exports_within_purposes", "signoff.approved_by"),
)
def exports_within_purposes_attested(spec, context):
    problem = _unsigned_attestation(
        spec,
        spec.signoff.attests_exports_within_purposes,
        "attests_exports_within_purposes",
        (
            "エクスポートを通知した利用目的の範囲に限ること",
            "that every export serves one of the announced purposes and no other",
        ),
    )
    if problem:
        yield problem


_JUSTIFIED_HARMS = {
    "portrait_rights": ("肖像権への配慮", "how portrait rights (肖像権) are respected"),
    "capture_itself": (
        "撮影そのものによるプライバシーへの影響",
        "why capture itself does not harm privacy",
    ),
}


@rule(
    "ATT-005",
    severity="warning",
    basis=("GB §1", "ガイドブック 3.2 プライバシー保護"),
    stage="plan",
    title=(
        "肖像権と撮影そのものによる影響を正当化の中で検討している",
        "The justification covers portrait rights and capture itself",
    ),
    fields=("justification.portrait_rights", "justification.capture_itself"),
)
def portrait_rights_and_capture_justified(spec, context):
    for field, (ja, en) in _JUSTIFIED_HARMS.items():
        if blank(getattr(spec.justification, field)):
            yield (
                f"正当化の記載に{ja}（justification.{field}）がありません。"
                "画像を公開しなくても撮影自体が権利を侵害しうるため、撮影前に記載してください",
                f"The justification does not say {en} (justification.{field}); capture can "
                "harm people even when no image is published, so write it before capture",
                f"justification.{field}",
            )
