"""What a check reports: a finding with a rule id, a severity, its basis and a bilingual message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from privacam.policy.localized import LocalizedText


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Stage(StrEnum):
    """The guidebook's chapter-4 stages (GB §2), in order."""

    plan = "plan"  # 企画
    design = "design"  # 設計
    prior_announcement = "prior_announcement"  # 事前告知
    capture = "capture"  # 取得
    handling = "handling"  # 取扱い
    management = "management"  # 管理


STAGE_NAMES: dict[Stage, LocalizedText] = {
    Stage.plan: LocalizedText({"ja": "企画", "en": "Plan"}),
    Stage.design: LocalizedText({"ja": "設計", "en": "Design"}),
    Stage.prior_announcement: LocalizedText({"ja": "事前告知", "en": "Prior announcement"}),
    Stage.capture: LocalizedText({"ja": "取得", "en": "Capture"}),
    Stage.handling: LocalizedText({"ja": "取扱い", "en": "Handling"}),
    Stage.management: LocalizedText({"ja": "管理", "en": "Management"}),
}


@dataclass(frozen=True)
class Finding:
    """One result of one rule on one deployment file.

    ``basis`` cites GUIDEBOOK.md sections as ``GB §N``, APPI articles by their
    post-2022 numbers (``APPI 第17条``), or ``privacam policy`` where privacam is
    stricter than the text. ``path`` is the field the finding is about.
    """

    rule_id: str
    severity: Severity
    basis: tuple[str, ...]
    message: LocalizedText
    path: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule_id,
            "severity": self.severity.value,
            "basis": list(self.basis),
            "path": self.path,
            "message": self.message.root,
        }
