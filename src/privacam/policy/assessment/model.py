"""The assessment report as data: every renderer (HTML, Markdown, PDF, JSON) reads this.

Each section of the report is a pydantic model, so the JSON output is simply
``Assessment.model_dump(mode="json")`` and the renderers never compute anything:
what the report says is decided once, in :mod:`privacam.policy.assessment.build`.
Text a person reads is :class:`LocalizedText` (ja and en).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from privacam.policy.localized import LocalizedText


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)


class Country(Section):
    code: str
    name: LocalizedText
    regime: LocalizedText | None = None


class CameraContext(Section):
    id: str
    placement: LocalizedText
    field_of_view: LocalizedText
    resolution: str | None = None
    notice_location: LocalizedText
    notice_before_capture_area: bool


class Context(Section):
    """Who, where, what and when: the facts the rest of the report is about."""

    operator: LocalizedText
    operator_address: LocalizedText | None = None
    inquiry: LocalizedText | None = None
    privacy_officer: str | None = None
    site: LocalizedText
    site_address: LocalizedText | None = None
    space_type: str
    space_type_name: LocalizedText
    case: str
    case_number: str
    case_title: LocalizedText
    cameras: list[CameraContext]
    period_start: dt.date
    period_end: dt.date | None = None
    period_hours: LocalizedText | None = None
    timezone: str
    processing_place: str
    processing_place_name: LocalizedText
    provider: str | None = None
    countries: list[Country]
    raw_images_leave_edge: bool
    storage: LocalizedText
    notice_url: str
    deployment_sha256: str
    source_file: str | None = None
    assessed_on: dt.date
    privacam_version: str


RetentionStatus = Literal[
    "memory_only", "within_default", "above_default", "above_ceiling", "operator_choice", "unknown"
]


class InventoryItem(Section):
    key: str
    description: LocalizedText
    data_class: str
    retention: LocalizedText
    retention_seconds: int
    default: LocalizedText | None = None
    ceiling: LocalizedText | None = None
    retention_status: RetentionStatus
    retention_status_text: LocalizedText
    at_expiry: str
    at_expiry_text: LocalizedText
    processed_at: LocalizedText
    stored_at: LocalizedText


class DataClassGroup(Section):
    data_class: str
    name: LocalizedText
    meaning: LocalizedText
    items: list[InventoryItem]


class LifecycleStep(Section):
    name: LocalizedText
    text: LocalizedText


class Inventory(Section):
    groups: list[DataClassGroup]
    lifecycle: list[LifecycleStep]
    #: Data items the case requires that the file does not declare.
    missing_required: list[str]


class JustificationEntry(Section):
    key: str
    name: LocalizedText
    text: LocalizedText | None = None


class InferredAttribute(Section):
    key: str
    name: LocalizedText
    forbidden: bool


class Analysis(Section):
    """Legitimacy, necessity and proportionality (guidebook 3.2) and the privacy impact."""

    entries: list[JustificationEntry]
    space_type: str
    full_justification_required: bool
    justification_complete: bool
    justification_statement: LocalizedText
    impact_level: int
    impact_name: LocalizedText
    impact_explanation: LocalizedText
    linking_scope: LocalizedText
    external_linking: LocalizedText
    inferred_attributes: list[InferredAttribute]


class EvidenceView(Section):
    path: str
    value: LocalizedText


class FindingView(Section):
    rule_id: str
    severity: str
    stage: str
    basis: list[str]
    message: LocalizedText
    path: str | None = None


class ChecklistItem(Section):
    rule_id: str
    title: LocalizedText
    severity: str
    basis: list[str]
    evidence: list[EvidenceView]
    #: ``pass``, the most severe finding's severity, or ``not_applicable`` for a rule of
    #: other cases.
    result: Literal["pass", "error", "warning", "info", "not_applicable"]
    findings: list[FindingView]


class StageChecklist(Section):
    stage: str
    name: LocalizedText
    items: list[ChecklistItem]
    passed: int
    failed: int
    not_applicable: int = 0
    #: "適合 n / 不適合 n / 対象外 n" and its English.
    counts: LocalizedText


RiskLevel = Literal["low", "medium", "high"]


class Adjustment(Section):
    """One documented reason why a residual score differs from the inherent one."""

    factor: Literal["severity", "likelihood"]
    delta: int
    reason: LocalizedText
    #: Rules whose results caused the adjustment, if any.
    rules: list[str] = []
    #: Fields of the deployment file the adjustment rests on (``[]`` for any element).
    fields: list[str] = []


class Risk(Section):
    id: str
    source: Literal["generic", "case"]
    title: LocalizedText
    mitigation: LocalizedText
    inherent_severity: int
    inherent_likelihood: int
    inherent_score: int
    inherent_level: RiskLevel
    adjustments: list[Adjustment]
    residual_severity: int
    residual_likelihood: int
    residual_score: int
    residual_level: RiskLevel


class ResidualSummary(Section):
    high: int
    medium: int
    low: int
    highest: list[str]
    statement: LocalizedText


class SignatureView(Section):
    name: str
    role: str
    date: dt.date | None = None


class AttestationView(Section):
    """One statement the approver signs (rules ATT-003, ATT-004)."""

    name: LocalizedText
    attested: bool


class SignOffView(Section):
    status: Literal["signed", "partial", "unsigned"]
    status_text: LocalizedText
    prepared_by: SignatureView | None = None
    approved_by: SignatureView | None = None
    residual_risk_accepted: bool
    note: LocalizedText | None = None
    attestations: list[AttestationView] = []


class CheckSummary(Section):
    rules_total: int
    #: Applicable rules that found nothing; rules of other cases are not counted as passed.
    rules_passed: int
    rules_not_applicable: int = 0
    errors: int
    warnings: int
    infos: int
    findings: list[FindingView]
    #: The one-line summary the renderers print ("40 of 43 applicable rules passed …").
    text: LocalizedText


class Assessment(Section):
    """The whole report."""

    #: Name and version of this JSON layout, for programs that read the report.
    report_format: str = "privacam-assessment/1"
    title: LocalizedText
    context: Context
    inventory: Inventory
    analysis: Analysis
    checklist: list[StageChecklist]
    risks: list[Risk]
    residual: ResidualSummary
    signoff: SignOffView
    checks: CheckSummary

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json")
