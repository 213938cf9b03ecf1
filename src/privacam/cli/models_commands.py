"""``privacam models list|pull|verify``: which models exist, where they are, can we trust them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from privacam.cli.app import app
from privacam.errors import InputError, PrivacamError
from privacam.runtime.models import (
    MODELS,
    ModelEntry,
    check_digest,
    download_to_cache,
    get_entry,
    locate,
)

models_app = typer.Typer(
    help="List, download and verify the models privacam uses (licences and digests).",
    no_args_is_help=True,
)
app.add_typer(models_app, name="models")


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _licence_warning(entry: ModelEntry) -> str | None:
    if entry.licence.commercial_use_ok:
        return None
    note = f" ({entry.licence.note})" if entry.licence.note else ""
    return (
        f"warning: {entry.name} is licensed {entry.licence.spdx}{note}: "
        "not for commercial use, never a default"
    )


@models_app.command("list")
def list_models() -> None:
    """Show every model: task, licence, commercial use, and where it resolves (or "missing")."""
    table = Table(title="privacam models")
    for column in ("name", "task", "licence", "commercial use"):
        table.add_column(column)
    table.add_column("resolves to", overflow="fold")
    warnings = []
    for entry in MODELS.values():
        found = locate(entry)
        where = f"{found[0]} ({found[1]})" if found else "missing"
        commercial = "yes" if entry.licence.commercial_use_ok else "NO"
        table.add_row(entry.name, entry.task, entry.licence.spdx, commercial, where)
        if (warning := _licence_warning(entry)) is not None:
            warnings.append(warning)
    console = _console()
    console.print(table)
    for warning in warnings:
        console.print(f"[yellow]{warning}[/yellow]")


@models_app.command("pull")
def pull(
    names: Annotated[
        list[str] | None, typer.Argument(help="Model names (see `privacam models list`).")
    ] = None,
    all_models: Annotated[
        bool,
        typer.Option("--all", help="Pull every model with a download URL or weights to convert."),
    ] = False,
) -> None:
    """Download models into the user cache ($PRIVACAM_CACHE/models, default ~/.cache/privacam/models).

    A model published in another format (MCNN's HDF5 weights) is converted to ONNX
    here, from a copy in PRIVACAM_MODELS when there is one, else from its official URL.
    """
    if all_models:
        entries = [e for e in MODELS.values() if e.pullable]
    elif names:
        entries = [get_entry(name) for name in names]
    else:
        raise InputError("name the models to pull, or pass --all; see `privacam models list`")
    console, errors = _console(), _console(stderr=True)
    if all_models:
        for entry in MODELS.values():
            if not entry.pullable:
                errors.print(
                    f"{entry.name}: no official download, skipped; place {entry.filename} in a "
                    "directory listed in PRIVACAM_MODELS"
                )
    failures = 0
    for entry in entries:
        if (warning := _licence_warning(entry)) is not None:
            errors.print(f"[yellow]{warning}[/yellow]")
        try:
            model = download_to_cache(entry)
        except PrivacamError as error:
            if len(entries) == 1:
                raise
            errors.print(f"[red]{entry.name}: {error}[/red]")
            failures += 1
            continue
        console.print(f"{entry.name}: {model.path} sha256={model.sha256}")
    if failures:
        raise PrivacamError(f"{failures} of {len(entries)} models could not be pulled")


@models_app.command("verify")
def verify() -> None:
    """Check the SHA-256 of every model that resolves; exit 1 if any does not match."""
    console, errors = _console(), _console(stderr=True)
    bad = checked = 0
    for entry in MODELS.values():
        found = locate(entry)
        if found is None:
            console.print(f"{entry.name}: missing")
            continue
        checked += 1
        try:
            digest = check_digest(entry, found[0])
        except InputError as error:
            errors.print(f"[red]{entry.name}: MISMATCH: {error}[/red]")
            bad += 1
            continue
        console.print(f"{entry.name}: ok {found[0]} sha256={digest}")
    if bad:
        raise PrivacamError(f"{bad} of {checked} model files failed the digest check")
    console.print(f"{checked} model files verified")
