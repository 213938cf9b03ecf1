"""The API's response models: the published schema's contract (``/api/openapi.json``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class RecordPageOut(BaseModel):
    """One page of a record kind's rows, oldest first."""

    kind: str
    data_class: str = Field(description="statistics, personal or identifier")
    columns: list[str] = Field(description="The row fields, in export order")
    total: int = Field(description="Rows matching the filters over all pages")
    offset: int
    limit: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last")
    rows: list[dict[str, Any]]


class AggregateSeriesOut(BaseModel):
    """One statistics kind of a case, per group and window."""

    kind: str
    group: list[str] = Field(description="Fields that name a row's group, beside the window")
    values: list[str] = Field(description="The aggregated fields")
    rows: list[dict[str, Any]]


class AggregatesOut(BaseModel):
    case: str
    window: str = Field(description="stored (the windows as recorded), hour or day")
    published: bool = Field(description="Small cells suppressed as in `export --published`")
    k: int | None = Field(description="The suppression threshold when published")
    series: list[AggregateSeriesOut]


class ExportDocumentOut(BaseModel):
    """A JSON export, as `privacam export --format json` writes it."""

    kind: str
    published: bool
    k: int | None
    columns: list[str]
    rows: list[dict[str, Any]]


class NoticeFileOut(BaseModel):
    name: str
    sha256: str
    language: str | None = Field(description="The file's language, from its name")
    present: bool = Field(description="The file is there with the digest the manifest gives")


class NoticesOut(BaseModel):
    """The rendered notice files' manifest, and whether it is current for this deployment."""

    rendered: bool = Field(description="A notice manifest was found")
    current: bool = Field(description="Rendered for this deployment's hash, not a draft, intact")
    deployment_sha256: str = Field(description="The hash of the deployment being served")
    notice_deployment_sha256: str | None = Field(description="The hash the notice was made for")
    rendered_at: str | None
    draft: bool
    languages: list[str]
    files: list[NoticeFileOut]


class AuditEntryOut(BaseModel):
    seq: int
    time: datetime
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_mac: str
    mac: str


class AuditPageOut(BaseModel):
    entries: list[AuditEntryOut]
    total: int = Field(description="Entries in the whole log")
    next_after: int | None = Field(description="`after` for the next page; null at the end")


class AuditProblemOut(BaseModel):
    seq: int
    problem: str


class AuditHeadOut(BaseModel):
    seq: int
    mac: str


class AuditVerifyOut(BaseModel):
    """What `privacam audit verify` reports, and the audit entry of this verification."""

    ok: bool = Field(description="Every MAC and link holds and the append-only guard is in place")
    entries: int
    problems: list[AuditProblemOut]
    guard_problems: list[str]
    warnings: list[str]
    head: AuditHeadOut | None
    missing_head_file: bool = Field(description="The head file beside the database is gone")
    audit_seq: int | None = Field(
        description="Seq of the entry recording this verification; null when the chain is not "
        "sound (nothing is appended to a broken chain)"
    )
