"""What must be written before capture starts (GB §1): the justification and the sign-off.

Once ``period.start`` has passed, capture is under way, so the justification
(legitimacy, necessity, proportionality) and the human sign-off must exist and be
dated no later than that day. ``privacam run`` refuses to start otherwise.
Before the period starts nothing is asked: the file is still being prepared.

>>> import datetime as dt
>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> spec = load_spec_text(render_template("counting", today=dt.date(2026, 4, 1))).spec
>>> before_capture_gaps(spec, today=dt.date(2026, 4, 1))  # the period starts on 04-15
[]
>>> [gap.field for gap in before_capture_gaps(spec, today=dt.date(2026, 5, 1))]
['signoff.prepared_by', 'signoff.approved_by', 'signoff.residual_risk_accepted']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from privacam.policy.spec import Deployment, Signature

#: The parts of the justification that must be written (guidebook 3.2).
JUSTIFICATION_PARTS = ("legitimacy", "necessity", "proportionality")


@dataclass(frozen=True)
class Gap:
    """One thing missing, or dated too late, in the file's written record."""

    field: str
    #: "missing", "undated" or "late" (dated after period.start).
    kind: str
    date: dt.date | None = None

    def describe(self, lang: str) -> str:
        if self.kind == "late":
            return (
                f"{self.field}（{self.date} 付）"
                if lang == "ja"
                else f"{self.field} (dated {self.date})"
            )
        if self.kind == "undated":
            return f"{self.field}（日付なし）" if lang == "ja" else f"{self.field} (no date)"
        return f"{self.field}（未記入）" if lang == "ja" else f"{self.field} (missing)"


def _blank(text) -> bool:
    return text is None or not text.ja.strip() or not text.en.strip()


def _justification_gaps(spec: Deployment, start: dt.date) -> list[Gap]:
    just = spec.justification
    gaps = [
        Gap(f"justification.{part}", "missing")
        for part in JUSTIFICATION_PARTS
        if _blank(getattr(just, part))
    ]
    if just.written_on is None:
        gaps.append(Gap("justification.written_on", "missing"))
    elif just.written_on > start:
        gaps.append(Gap("justification.written_on", "late", just.written_on))
    return gaps


def _signature_gap(name: str, signature: Signature | None, start: dt.date) -> Gap | None:
    field = f"signoff.{name}"
    if signature is None:
        return Gap(field, "missing")
    if signature.date is None:
        return Gap(f"{field}.date", "undated")
    if signature.date > start:
        return Gap(f"{field}.date", "late", signature.date)
    return None


def before_capture_gaps(spec: Deployment, *, today: dt.date) -> list[Gap]:
    """What the file lacks to capture on ``today`` (empty while ``period.start`` is ahead)."""
    start = spec.period.start
    if start >= today:
        return []
    gaps = _justification_gaps(spec, start)
    for name in ("prepared_by", "approved_by"):
        gap = _signature_gap(name, getattr(spec.signoff, name), start)
        if gap is not None:
            gaps.append(gap)
    if not spec.signoff.residual_risk_accepted:
        gaps.append(Gap("signoff.residual_risk_accepted", "missing"))
    return gaps
