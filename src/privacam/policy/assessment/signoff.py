"""Sign-off and the residual-risk summary: what only people can decide, and whether they did."""

from __future__ import annotations

from privacam.policy.assessment.labels import RISK_LEVELS, t
from privacam.policy.assessment.model import (
    AttestationView,
    ResidualSummary,
    Risk,
    SignatureView,
    SignOffView,
)
from privacam.policy.spec import Signature, SignOff


def _signature(signature: Signature | None) -> SignatureView | None:
    if signature is None:
        return None
    return SignatureView(name=signature.name, role=signature.role, date=signature.date)


def build_signoff(signoff: SignOff) -> SignOffView:
    """``signed`` needs an approver and accepted residual risk; anything less says what is missing.

    >>> build_signoff(SignOff()).status_text.en
    'Unsigned: human sign-off is missing (no preparer, no approver, residual risk not accepted).'
    """
    missing_ja, missing_en = [], []
    if signoff.prepared_by is None:
        missing_ja.append("作成者なし")
        missing_en.append("no preparer")
    if signoff.approved_by is None:
        missing_ja.append("承認者なし")
        missing_en.append("no approver")
    if not signoff.residual_risk_accepted:
        missing_ja.append("残存リスク未受容")
        missing_en.append("residual risk not accepted")
    if not missing_ja:
        status = "signed"
        text = t(
            "承認済み: 承認者が残存リスクを受容した。",
            "Signed: the approver accepted the residual risk.",
        )
    elif signoff.approved_by is None and signoff.prepared_by is None:
        status = "unsigned"
        text = t(
            f"未承認: 人による承認がない（{'、'.join(missing_ja)}）。",
            f"Unsigned: human sign-off is missing ({', '.join(missing_en)}).",
        )
    else:
        status = "partial"
        text = t(
            f"未承認（一部のみ記入）: {'、'.join(missing_ja)}。",
            f"Unsigned (partly filled): {', '.join(missing_en)}.",
        )
    return SignOffView(
        status=status,
        status_text=text,
        prepared_by=_signature(signoff.prepared_by),
        approved_by=_signature(signoff.approved_by),
        residual_risk_accepted=signoff.residual_risk_accepted,
        note=signoff.residual_risk_note,
        attestations=[
            AttestationView(name=name, attested=getattr(signoff, field))
            for field, name in ATTESTATIONS
        ],
    )


#: The sign-off's attestations, each with the name the report gives it.
ATTESTATIONS = (
    (
        "attests_no_improper_use",
        t(
            "不適正な利用をしない旨の表明（APPI 第19条）",
            "Attests no improper use (APPI 第19条)",
        ),
    ),
    (
        "attests_exports_within_purposes",
        t(
            "エクスポートを利用目的の範囲に限る旨の表明（APPI 第18条）",
            "Attests exports serve the announced purposes only (APPI 第18条)",
        ),
    ),
)


def build_residual_summary(risks: list[Risk]) -> ResidualSummary:
    counts = {band: sum(r.residual_level == band for r in risks) for band in RISK_LEVELS}
    top = max((r.residual_score for r in risks), default=0)
    highest = [r for r in risks if r.residual_score == top]
    names_ja = "、".join(r.title.ja for r in highest)
    names_en = "; ".join(r.title.en for r in highest)
    band = highest[0].residual_level if highest else "low"
    return ResidualSummary(
        high=counts["high"],
        medium=counts["medium"],
        low=counts["low"],
        highest=[r.id for r in highest],
        statement=t(
            f"残存リスク: 高 {counts['high']}件・中 {counts['medium']}件・低 {counts['low']}件。"
            f"最も高いもの（{RISK_LEVELS[band].ja}、{top}点）: {names_ja}",
            f"Residual risk: {counts['high']} high, {counts['medium']} medium, "
            f"{counts['low']} low. Highest ({RISK_LEVELS[band].en}, score {top}): {names_en}",
        ),
    )
