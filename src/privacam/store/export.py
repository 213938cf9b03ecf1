"""Exports: one record kind as CSV or JSON, with stable column names.

The operator's export is exact: every field of the kind, in declaration order,
then ``run_id``. A published export (``published_k``) applies k-suppression
(:func:`privacam.store.suppression.publish`) and ends with ``suppressed`` instead
of ``run_id``. Column lists per kind are in docs/store.md; a test keeps that
page equal to :func:`export_columns`.

CSV is UTF-8 with a byte-order mark so that Excel opens Japanese text
correctly; times are ISO 8601 in UTC; lists and mappings are JSON in the cell;
an empty cell is a missing (or suppressed) value. Every export is audited, with
the purpose it serves: one of the deployment file's purposes (GB §2 handling: data
is used only for the purposes announced). A file with several purposes must name it
(``--purpose ID``); a file with one purpose serves that one.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from privacam.errors import InputError
from privacam.files import write_atomic
from privacam.policy.spec import Deployment
from privacam.records import Record, RunRecord
from privacam.store.record_pages import record_rows
from privacam.store.store import Store, from_row, record_kind
from privacam.store.suppression import check_publishable, publish

Format = Literal["csv", "json"]
BOM = "\ufeff"


def export_columns(record_type: type[Record], *, published: bool = False) -> list[str]:
    """The export's column names, in order.

    >>> from privacam.records import LineCount
    >>> export_columns(LineCount)
    ['window_start', 'window_end', 'camera_id', 'line', 'direction', 'class_name', 'count', 'run_id']
    """
    names = list(record_type.field_names())
    if published:
        return [*names, "suppressed"]
    return names if record_type is RunRecord else [*names, "run_id"]


def export_rows(
    store: Store,
    record_type: type[Record],
    *,
    published_k: int | None = None,
    cameras: Set[str] | None = None,
) -> list[dict[str, Any]]:
    """The kind's rows (only ``cameras``' when given), k-suppressed when ``published_k``."""
    rows = (
        store.rows(record_type)
        if cameras is None
        else record_rows(store, record_type, cameras=cameras)
    )
    if published_k is None:
        return rows
    check_publishable(record_type)
    return publish((from_row(record_type, row) for row in rows), published_k)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list | dict):
        return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def render(
    rows: list[dict[str, Any]],
    columns: list[str],
    fmt: Format,
    *,
    kind: str,
    published_k: int | None = None,
) -> bytes:
    """The export file's bytes."""
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return (BOM + text.getvalue()).encode("utf-8")
    if fmt == "json":
        document = {
            "kind": kind,
            "published": published_k is not None,
            "k": published_k,
            "columns": columns,
            "rows": [{c: _plain(row.get(c)) for c in columns} for row in rows],
        }
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    raise InputError(f"unknown export format {fmt!r}; use csv or json")


@dataclass(frozen=True)
class ExportPurpose:
    """The deployment purpose an export serves, as its audit entry records it."""

    id: str
    #: True when the operator named it (--purpose), False when the file has only this one.
    named: bool

    def audit_details(self) -> dict[str, Any]:
        return {"purpose": self.id, "purpose_named": self.named}


def choose_purpose(spec: Deployment, requested: str | None) -> ExportPurpose:
    """The purpose ``requested`` (one of ``spec``'s ids), or the file's only purpose.

    >>> from privacam.policy.deployment_template import render_template
    >>> from privacam.policy.loader import load_spec_text
    >>> spec = load_spec_text(render_template("counting")).spec
    >>> choose_purpose(spec, None)
    ExportPurpose(id='p1', named=False)
    """
    ids = [purpose.id for purpose in spec.purposes]
    listed = ", ".join(ids)
    if requested is None:
        if len(ids) == 1:
            return ExportPurpose(ids[0], named=False)
        raise InputError(
            f"このデプロイには利用目的が {len(ids)} 件あります。この出力が何のためかを --purpose で"
            f"指定してください（{listed}） / the deployment has {len(ids)} purposes: name the one "
            f"this export serves with --purpose ID ({listed})"
        )
    if requested not in ids:
        raise InputError(
            f"--purpose {requested} はこのデプロイの利用目的にありません（{listed}） / --purpose "
            f"{requested} is not one of the deployment's purposes ({listed}); an export may serve "
            "only an announced purpose"
        )
    return ExportPurpose(requested, named=True)


@dataclass(frozen=True)
class PreparedExport:
    """An export's bytes, before it is written anywhere, and what its audit entry says."""

    record_type: type[Record]
    fmt: Format
    rows: int
    data: bytes
    published_k: int | None
    cameras: Set[str] | None = None

    def audit_details(self, output: str, purpose: ExportPurpose | None) -> dict[str, Any]:
        """The ``export`` entry's details; the CLI and the API write the same ones."""
        details: dict[str, Any] = {
            "format": self.fmt,
            "rows": self.rows,
            "output": output,
            "published": self.published_k is not None,
            "k": self.published_k,
            "data_class": self.record_type.data_class.value,
            **(purpose.audit_details() if purpose is not None else {}),
        }
        if self.cameras is not None:
            details["cameras"] = sorted(self.cameras)
        return details


def prepare_export(
    store: Store,
    kind: str,
    fmt: Format,
    *,
    published_k: int | None = None,
    cameras: Set[str] | None = None,
) -> PreparedExport:
    """The export of ``kind`` as bytes: rows (only ``cameras``' when given), columns, format."""
    record_type = record_kind(kind)
    rows = export_rows(store, record_type, published_k=published_k, cameras=cameras)
    columns = export_columns(record_type, published=published_k is not None)
    data = render(rows, columns, fmt, kind=kind, published_k=published_k)
    return PreparedExport(record_type, fmt, len(rows), data, published_k, cameras)


@dataclass(frozen=True)
class ExportResult:
    kind: str
    rows: int
    output: str
    audit_seq: int


def export(
    store: Store,
    kind: str,
    fmt: Format,
    output: Path | None = None,
    *,
    published_k: int | None = None,
    actor: str | None = None,
    purpose: ExportPurpose | None = None,
) -> ExportResult:
    """Write one kind to ``output`` (atomically) or to stdout, and audit the export with
    the ``purpose`` it serves (see :func:`choose_purpose`).

    Nothing is written when the export could not be audited (a wrong audit key)."""
    prepared = prepare_export(store, kind, fmt, published_k=published_k)
    data = prepared.data
    where = "stdout" if output is None else str(output)
    # The entry and the file go together: a failed write rolls the entry back, and an
    # entry that cannot be appended (a wrong audit key) stops the export before any byte.
    with store.transaction() as tx:
        entry = tx.audit("export", kind, prepared.audit_details(where, purpose), actor=actor)
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            _write_atomically(output, data)
    return ExportResult(kind=kind, rows=prepared.rows, output=where, audit_seq=entry.seq)


def _write_atomically(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    try:
        write_atomic(path, data)
    except OSError as error:
        raise InputError(f"{path}: cannot write the export ({error.strerror})") from None
