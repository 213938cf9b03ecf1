"""``privacam anonymize``: case ⑤, faces and plates masked in images and video."""

from __future__ import annotations

import enum
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from privacam.cli.app import app
from privacam.cli.help_text import flowing_help
from privacam.errors import InputError

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class Engine(enum.StrEnum):
    process = "process"
    ray = "ray"


@app.command()
@flowing_help
def anonymize(
    inputs: Annotated[
        list[Path], typer.Argument(help="Images, image folders and videos (folders are walked).")
    ],
    outdir: Annotated[
        Path, typer.Option("-o", "--output", help="Output folder: the same tree and names.")
    ],
    spec: Annotated[
        Path | None,
        typer.Option("--spec", help="Deployment file whose `street` settings apply."),
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="process: a local process pool; ray: a Ray cluster.")
    ] = Engine.process,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: one per core).")
    ] = None,
    delete_originals: Annotated[
        bool,
        typer.Option(
            "--delete-originals",
            help="Delete each input once its output is verified and the input still has the "
            "SHA-256 recorded in its manifest.",
        ),
    ] = False,
    no_qa_sheet: Annotated[
        bool, typer.Option("--no-qa-sheet", help="Skip the QA contact sheet.")
    ] = False,
) -> None:
    """Mask faces and licence plates in images and videos (case ⑤, street imagery).

    Outputs keep the input tree and names under OUTDIR; EXIF is stripped and GPS
    coarsened as the deployment sets; videos keep frame count, fps and timestamps.
    Each input gets a JSON manifest (with the input's SHA-256), and a QA contact
    sheet is written, under OUTDIR/_privacam/.

    OUTDIR must lie outside every input, and no input inside OUTDIR (symlinks
    resolved): otherwise nothing is written and the command exits 2.

    Finished outputs are skipped on a rerun unless the deployment file, a model or
    the input's content changed. Inputs are never modified or deleted unless
    --delete-originals, which deletes an input only while its bytes are those whose
    output was verified; a truncated video's original is kept.

    Bad inputs are reported and skipped, and the command then exits 1. In a walked
    folder, files that are not media, FIFOs and other non-regular files, and
    privacam's own output folders are ignored and counted in the summary; a file
    named on the command line that is not media is a bad input.

    With --spec, the file must pass `privacam check` (no errors), and the run is
    audited in its store.

    Example: privacam anonymize drive/ -o masked/ --spec privacam.yaml
    """
    from privacam.cases.street import check_paths, job_from_spec, run_batch
    from privacam.policy.loader import load_spec
    from privacam.runtime.preflight import require_clean_check
    from privacam.store import open_store
    from privacam.store.quarantine import quarantine_for

    logging.getLogger().setLevel(logging.WARNING)
    loaded = load_spec(spec) if spec is not None else None
    if loaded is not None:
        require_clean_check(loaded)  # like `privacam run`: no processing on a failing file
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"-o {outdir} is a file; give a folder for the outputs")
    check_paths(inputs, outdir)  # an output over an input: refused before anything is written
    outdir.mkdir(parents=True, exist_ok=True)
    quarantine = quarantine_for(loaded) if loaded is not None else None
    job = job_from_spec(outdir, loaded, quarantine=quarantine)
    # With a deployment file the run is audited in its store; the store must exist for
    # `privacam purge` to sweep the quarantine later.
    store = open_store(loaded) if loaded is not None else None
    if store is not None:
        store.audit.append(
            "anonymize.start",
            str(outdir),
            {"deployment": loaded.sha256, "inputs": len(inputs), "engine": engine.value},  # type: ignore[union-attr]
        )
    progress = Progress(
        TextColumn("anonymize"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=False,
    )
    task = None

    def on_progress(name: str, done: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = progress.add_task("", total=total)
        progress.update(task, completed=done, description=name if done else "")

    try:
        with progress:
            summary = run_batch(
                inputs,
                job,
                engine=engine.value,
                workers=workers,
                delete_originals=delete_originals,
                qa_sheet=not no_qa_sheet,
                on_progress=on_progress,
            )
        if store is not None:
            store.audit.append(
                "anonymize.end",
                str(outdir),
                {
                    "processed": len(summary.processed),
                    "skipped_finished": len(summary.skipped_finished),
                    "problems": len(summary.problems),
                    "faces": summary.faces,
                    "plates": summary.plates,
                    "quarantined": sum("quarantine" in r.fields for r in summary.processed),
                    "deleted_originals": len(summary.deleted_originals),
                },
            )
    finally:
        if store is not None:
            store.close()
    console.print(
        f"anonymized {len(summary.processed)} file(s) into {outdir}: {summary.faces} face(s), "
        f"{summary.plates} plate(s) masked; {len(summary.skipped_finished)} already finished"
    )
    for source, what in summary.sidecars.items():
        console.print(f"sidecar {source}: {what}")
    for label, count in summary.ignored_counts().items():
        console.print(f"無視 / ignored {count}: {label}")
    for warning in summary.warnings:
        err_console.print(f"警告 / warning {warning.source}: {warning.message}")
    if summary.deleted_originals:
        console.print(f"deleted {len(summary.deleted_originals)} verified original(s)")
    if summary.qa_sheet is not None:
        console.print(f"QA sheet: {summary.qa_sheet}")
    if quarantine is not None:
        console.print(
            f"originals quarantined (encrypted, kept {quarantine.retention}) in "
            f"{quarantine.directory}; `privacam purge {spec}` deletes them when they expire"
        )
    if summary.problems:
        for problem in summary.problems:
            err_console.print(f"skipped {problem.source}: {problem.reason}")
        err_console.print(
            f"privacam: {len(summary.problems)} input(s) skipped, "
            f"{len(summary.processed)} processed"
        )
        raise typer.Exit(1)
