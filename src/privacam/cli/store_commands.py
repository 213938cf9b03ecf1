"""``privacam purge``, ``privacam export`` and ``privacam audit verify|head``: the store by hand."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from privacam.cli.app import app
from privacam.cli.options import parse_time_option
from privacam.errors import InputError
from privacam.policy.loader import load_spec
from privacam.records import RECORD_KINDS
from privacam.store import AuditChainError, AuditHead, mark_interrupted_runs, open_store, sweep
from privacam.store.export import choose_purpose
from privacam.store.export import export as export_kind

audit_app = typer.Typer(
    help="Verify the audit chain, or export its head to keep off the machine.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

FileArg = Annotated[Path, typer.Argument(help="The deployment file (privacam.yaml).")]


class ExportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"


@app.command()
def purge(
    file: FileArg,
    now: Annotated[
        str | None,
        typer.Option(help="Purge as of this time (ISO 8601 with zone) instead of now."),
    ] = None,
) -> None:
    """Delete what the retention schedule has expired; trajectories become statistics first.

    Each purge is audited with how many rows of each kind it deleted. It also deletes
    the expired files privacam wrote: case ⑤'s masked outputs (through the manifests
    `anonymize` wrote, while their bytes are unchanged) and case ②'s heatmap PNGs
    (audited as purge.files). Schedule it with cron or a systemd timer when nothing
    runs (docs/retention.md).

    Example: privacam purge privacam.yaml
    """
    from privacam.runtime.output_files import purge_output_files

    loaded = load_spec(file)
    when = parse_time_option("--now", now, zone=None)
    with open_store(loaded, create=False) as store:
        files = purge_output_files(store, loaded, when)
        report = sweep(store, loaded, when, audit_when_empty=True)
    for kind, count in files.deleted.items():
        console.print(f"deleted {count:>8} {kind}")
    for path in files.kept_changed:
        errors.print(
            f"警告: {path} はマスク後に内容が変わっているため privacam の出力とみなさず削除しません / "
            f"warning: {path} changed since privacam wrote it, so it is not deleted as its output"
        )
    for kind, count in report.deleted.items():
        if count:
            console.print(f"deleted {count:>8} {kind}")
    for kind, count in report.folded.items():
        if count:
            console.print(f"folded  {count:>8} {kind} rows from expiring trajectories")
    console.print(
        f"purge done: {report.total_deleted} rows deleted from {store.display_url} "
        f"(audit seq {report.audit_seq})"
    )


@app.command("export")
def export_command(
    file: FileArg,
    kind: Annotated[
        str,
        typer.Option("--kind", help=f"Record kind: {', '.join(RECORD_KINDS)}."),
    ],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv or json.")] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file (default: stdout).")
    ] = None,
    published: Annotated[
        bool,
        typer.Option(
            "--published",
            help="Suppress cells below the deployment's publication.k, for third parties.",
        ),
    ] = False,
    purpose: Annotated[
        str | None,
        typer.Option(
            "--purpose",
            help="Id of the deployment purpose this export serves (required when the file "
            "has more than one; its only purpose otherwise). Recorded in the audit entry.",
        ),
    ] = None,
) -> None:
    """Export one record kind with stable column names (docs/store.md); CSV is UTF-8 with BOM.

    The operator's export is exact; --published applies k-suppression. Every export
    is audited with the purpose it serves, one of the file's purposes: name it with
    --purpose when the file has several (an id that is not one of them is refused).

    Example: privacam export privacam.yaml --kind line_counts --format csv -o counts.csv
    """
    loaded = load_spec(file)
    k = loaded.spec.publication.k if published else None
    serves = choose_purpose(loaded.spec, purpose)
    with open_store(loaded, create=False) as store:
        result = export_kind(store, kind, fmt.value, output, published_k=k, purpose=serves)
    if output is not None:
        console.print(f"wrote {result.rows} {kind} rows to {output} (audit seq {result.audit_seq})")


@audit_app.command("verify")
def audit_verify(
    file: FileArg,
    head: Annotated[
        Path | None,
        typer.Option("--head", help="A head exported earlier with `privacam audit head`."),
    ] = None,
) -> None:
    """Check every audit entry's MAC and link, and the chain against its head(s).

    Exit 0 when intact, 1 naming the first bad seq when an entry was edited,
    removed or truncated, 2 when the key or a file is missing.

    Example: privacam audit verify privacam.yaml --head head.json
    """
    loaded = load_spec(file)
    heads = {f"exported head {head}": AuditHead.read(head)} if head is not None else {}
    with open_store(loaded, create=False) as store:
        report = store.verify_audit(heads=heads)
        # Appended only to a chain that verified against its head file: an append
        # writes the head file, which would hide a truncation or a deleted head.
        sound = report.ok and report.missing_head_file is None
        interrupted = mark_interrupted_runs(store) if sound else []
    for run in interrupted:
        found = run.ended_at.isoformat(timespec="seconds") if run.ended_at else ""
        errors.print(
            f"実行 {run.run_id} のプロセス {run.pid}（{run.host}）は終了していたため中断として"
            f"記録しました / run {run.run_id}: its process {run.pid} on {run.host} is gone; "
            f"marked interrupted at {found} (audited)"
        )
    for warning in report.warnings:
        errors.print(f"warning: {warning}")
    missing_head = report.missing_head_file
    if missing_head is not None and head is not None:
        errors.print(f"warning: the head file {missing_head} beside the database is missing")
    if not report.ok:
        for seq, problem in report.problems:
            console.print(f"seq {seq}: {problem}")
        for problem in report.guard_problems:
            console.print(f"guard: {problem}")
        count = len(report.problems) + len(report.guard_problems)
        if report.problems:
            seq, problem = report.problems[0]
            raise AuditChainError(
                f"監査ログが seq {seq} で壊れています / audit chain broken at seq {seq}: "
                f"{problem} ({count} problem(s))"
            )
        raise AuditChainError(f"{report.guard_problems[0]} ({count} problem(s))")
    if missing_head is not None and head is None:
        raise InputError(
            f"監査ヘッドファイル {missing_head} がありません。末尾の削除を検出できないため、"
            f"`privacam audit head` で書き出したヘッドを --head で指定してください / the audit "
            f"head file {missing_head} is missing, so removal of the newest entries cannot be "
            "detected; pass --head with a head exported by `privacam audit head`"
        )
    last = f"head seq {report.head.seq} mac {report.head.mac[:16]}…" if report.head else "empty"
    console.print(f"audit chain intact: {report.entries} entries, {last}")


@audit_app.command("head")
def audit_head(
    file: FileArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the head.")],
) -> None:
    """Export the audit chain's head (last seq and MAC) to keep somewhere the database is not.

    Example: privacam audit head privacam.yaml -o head.json
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        head = store.audit.head()
    if head is None:
        raise InputError("the audit log is empty: nothing to export yet")
    if not output.parent.is_dir():
        raise InputError(f"{output}: folder {output.parent} does not exist")
    head.write(output)
    console.print(f"wrote audit head seq {head.seq} to {output}")
