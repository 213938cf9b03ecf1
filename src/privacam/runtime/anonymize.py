"""``privacam anonymize``: case ⑤ over files, from preflight to the audited end.

Mirrors :func:`privacam.runtime.run.run_deployment`:

1. With a deployment file: load it and refuse to start while ``check`` reports errors.
2. Refuse an output folder that is a file, or that overlaps an input (symlinks
   resolved), before anything is written.
3. Build the case's job (``street`` settings) and, when the deployment keeps
   originals, the store's quarantine as the job's :class:`OriginalsSink`.
4. Open the store (``privacam purge`` sweeps the quarantine from it later) and audit
   ``anonymize.start``.
5. Run the batch (:mod:`privacam.runtime.batch`) with a progress bar, then audit
   ``anonymize.end`` with what was done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from privacam.cases.street.job import OriginalsSink
from privacam.cases.street.setup import job_from_spec
from privacam.errors import InputError
from privacam.runtime.batch import BatchSummary, check_paths, run_batch
from privacam.runtime.batch.engines import Engine

if TYPE_CHECKING:
    from privacam.policy.loader import LoadedSpec
    from privacam.store import Store

# The deployment file's checks and its store (SQLAlchemy, Alembic: about 0.6 s of imports)
# load only when --spec gives one: a batch without it never touches them.


@dataclass
class AnonymizeOptions:
    """What ``privacam anonymize`` takes besides its inputs and output folder."""

    #: The deployment file whose ``street`` settings apply; its store audits the run.
    spec: Path | None = None
    engine: Engine = Engine.process
    #: Worker processes (default: one per core).
    workers: int | None = None
    #: Delete each input once its output is verified against that very input.
    delete_originals: bool = False
    qa_sheet: bool = True
    show_progress: bool = True


#: How many folders the line about remaining originals names before "and N more".
_SHOWN_FOLDERS = 3


def remaining_originals(summary: BatchSummary) -> list[Path]:
    """The inputs with a masked output whose unmasked original is still on disk."""
    deleted = set(summary.deleted_originals)
    sources = [r.item.source for r in summary.processed]
    sources += [item.source for item in summary.skipped_finished]
    return [source for source in sources if source not in deleted and source.exists()]


def _folders(paths: list[Path]) -> str:
    """``drive/day1 (12), drive/day2 (3)``: where the paths are, most first."""
    counts: dict[Path, int] = {}
    for path in paths:
        counts[path.parent] = counts.get(path.parent, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    shown = ", ".join(f"{folder} ({n})" for folder, n in ranked[:_SHOWN_FOLDERS])
    if len(ranked) > _SHOWN_FOLDERS:
        shown += f" and {len(ranked) - _SHOWN_FOLDERS} more folder(s)"
    return shown


@dataclass
class AnonymizeResult:
    summary: BatchSummary
    outdir: Path
    spec: Path | None
    quarantine: OriginalsSink | None
    #: Whether --delete-originals was given (the warning about what remains says so).
    delete_originals: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.summary.problems else 0

    @property
    def originals_left(self) -> list[Path]:
        return remaining_originals(self.summary)

    def report(self) -> list[str]:
        """What was done, one line each (standard output)."""
        s = self.summary
        lines = [
            f"anonymized {len(s.processed)} file(s) into {self.outdir}: {s.faces} face(s), "
            f"{s.plates} plate(s) masked; {len(s.skipped_finished)} already finished"
        ]
        lines += [f"sidecar {source}: {what}" for source, what in s.sidecars.items()]
        lines += [f"無視 / ignored {n}: {label}" for label, n in s.ignored_counts().items()]
        if s.deleted_originals:
            lines.append(f"deleted {len(s.deleted_originals)} verified original(s)")
        left = self.originals_left
        if left:
            lines.append(f"{len(left)} unmasked original(s) remain on disk in {_folders(left)}")
        if s.qa_sheet is not None:
            lines.append(f"QA sheet: {s.qa_sheet}")
        if self.quarantine is not None:
            lines.append(
                f"originals quarantined (encrypted, kept {self.quarantine.retention}) in "
                f"{self.quarantine.directory}; `privacam purge {self.spec}` deletes them when "
                "they expire"
            )
        return lines

    def complaints(self) -> list[str]:
        """Warnings and skipped inputs, one line each (standard error)."""
        s = self.summary
        lines = [f"警告 / warning {w.source}: {w.message}" for w in s.warnings]
        left = self.originals_left
        if left and not self.delete_originals:
            # GB §4 ⑤: unmasked originals are kept only briefly, so leaving them is said aloud.
            lines.append(
                f"警告 / warning: マスク前の元ファイル {len(left)} 件がディスクに残っています"
                f"（{_folders(left)}）。--delete-originals を付けると出力の検証後に削除します / "
                f"{len(left)} unmasked original(s) remain on disk in {_folders(left)}: "
                "--delete-originals deletes each once its output is verified"
            )
        if s.problems:
            lines += [f"skipped {p.source}: {p.reason}" for p in s.problems]
            lines.append(
                f"privacam: {len(s.problems)} input(s) skipped, {len(s.processed)} processed"
            )
        return lines


def anonymize_inputs(
    inputs: list[Path],
    outdir: Path,
    options: AnonymizeOptions | None = None,
    *,
    console: Console | None = None,
) -> AnonymizeResult:
    """Mask ``inputs`` into ``outdir``; raises RunRefused/InputError before anything is written."""
    options = options or AnonymizeOptions()
    console = console or Console(stderr=True, highlight=False)
    loaded = _preflight(inputs, outdir, options)
    outdir.mkdir(parents=True, exist_ok=True)
    quarantine = None
    if loaded is not None:
        from privacam.store.quarantine import quarantine_for

        quarantine = quarantine_for(loaded)
    job = job_from_spec(outdir, loaded, quarantine=quarantine)
    with _audited(loaded, outdir, inputs, options) as audit_end:
        with _progress_bar(console, options.show_progress) as on_progress:
            summary = run_batch(
                inputs,
                job,
                engine=options.engine.value,
                workers=options.workers,
                delete_originals=options.delete_originals,
                qa_sheet=options.qa_sheet,
                on_progress=on_progress,
            )
        audit_end(summary)
    return AnonymizeResult(summary, outdir, options.spec, quarantine, options.delete_originals)


def _preflight(inputs: list[Path], outdir: Path, options: AnonymizeOptions) -> LoadedSpec | None:
    loaded = None
    if options.spec is not None:
        from privacam.policy.loader import load_spec
        from privacam.runtime.preflight import require_clean_check

        loaded = load_spec(options.spec)
        require_clean_check(loaded)  # like `privacam run`: no processing on a failing file
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"-o {outdir} is a file; give a folder for the outputs")
    check_paths(inputs, outdir)  # an output over an input: refused before anything is written
    return loaded


@contextmanager
def _audited(
    loaded: LoadedSpec | None, outdir: Path, inputs: list[Path], options: AnonymizeOptions
) -> Iterator[Callable[[BatchSummary], None]]:
    """With a deployment file, audit the start now and yield what audits the end."""
    if loaded is None:
        yield lambda summary: None
        return
    from privacam.store import open_store

    # The store must exist for `privacam purge` to sweep the quarantine later.
    store = open_store(loaded)
    try:
        store.audit.append(
            "anonymize.start",
            str(outdir),
            {"deployment": loaded.sha256, "inputs": len(inputs), "engine": options.engine.value},
        )
        yield lambda summary: _audit_end(store, outdir, summary)
    finally:
        store.close()


def _audit_end(store: Store, outdir: Path, summary: BatchSummary) -> None:
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
            "remaining_originals": len(remaining_originals(summary)),
        },
    )


@contextmanager
def _progress_bar(
    console: Console, enabled: bool
) -> Iterator[Callable[[str, int, int], None] | None]:
    """A bar of files done; its task is added once the batch knows how many there are."""
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("anonymize"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=False,
    )
    task = None

    def on_progress(name: str, done: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = progress.add_task("", total=total)
        progress.update(task, completed=done, description=name if done else "")

    with progress:
        yield on_progress
