"""``privacam anonymize``: case ⑤, faces and plates masked in images and video.

A thin call into :func:`privacam.runtime.anonymize.anonymize_inputs`: this module parses
options and prints what was done.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from privacam.cli.app import app
from privacam.cli.help_text import flowing_help
from privacam.runtime.batch.engines import Engine

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

Inputs = Annotated[
    list[Path], typer.Argument(help="Images, image folders and videos (folders are walked).")
]
OutDir = Annotated[
    Path, typer.Option("-o", "--output", help="Output folder: the same tree and names.")
]
SpecFile = Annotated[
    Path | None, typer.Option("--spec", help="Deployment file whose `street` settings apply.")
]
EngineOption = Annotated[
    Engine, typer.Option(help="process: a local process pool; ray: a Ray cluster.")
]
Workers = Annotated[
    int | None, typer.Option(min=1, help="Worker processes (default: one per core).")
]
DeleteOriginals = Annotated[
    bool,
    typer.Option(
        "--delete-originals",
        help="Delete each input once its output is verified and the input still has the "
        "SHA-256 recorded in its manifest.",
    ),
]
NoQaSheet = Annotated[bool, typer.Option("--no-qa-sheet", help="Skip the QA contact sheet.")]


@app.command()
@flowing_help
def anonymize(
    inputs: Inputs,
    outdir: OutDir,
    spec: SpecFile = None,
    engine: EngineOption = Engine.process,
    workers: Workers = None,
    delete_originals: DeleteOriginals = False,
    no_qa_sheet: NoQaSheet = False,
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
    output was verified; a truncated video's original is kept. The summary says how
    many unmasked originals remain on disk, and in which folders, with a warning when
    --delete-originals was not given.

    Bad inputs are reported and skipped, and the command then exits 1. In a walked
    folder, files that are not media, FIFOs and other non-regular files, and
    privacam's own output folders are ignored and counted in the summary; a file
    named on the command line that is not media is a bad input.

    With --spec, the file must pass `privacam check` (no errors), and the run is
    audited in its store.

    Example: privacam anonymize drive/ -o masked/ --spec privacam.yaml
    """
    from privacam.runtime.anonymize import AnonymizeOptions, anonymize_inputs

    logging.getLogger().setLevel(logging.WARNING)
    options = AnonymizeOptions(spec, engine, workers, delete_originals, not no_qa_sheet)
    result = anonymize_inputs(inputs, outdir, options, console=err_console)
    for line in result.report():
        console.print(line)
    for line in result.complaints():
        err_console.print(line)
    from privacam.cli import quick_exit

    quick_exit.request()  # every output is on disk and the workers joined: 0.1 s of teardown
    raise typer.Exit(result.exit_code)
