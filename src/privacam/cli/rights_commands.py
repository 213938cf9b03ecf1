"""``privacam rights ...``: the privacy officer's request log (APPI 第33条, 第35条).

Each command is one step of a request (:mod:`privacam.rights.requests`), audited;
``answer`` writes the letter of a deployment that holds nothing identifying.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from privacam.cli.app import app
from privacam.cli.help_text import flowing_help
from privacam.cli.options import parse_time_option
from privacam.policy.loader import load_spec
from privacam.rights.holdings import holdings_letter
from privacam.rights.letters import render_html
from privacam.rights.output import write_output
from privacam.rights.requests import (
    RequestKind,
    RequestLog,
    RequestState,
    RightsRequest,
    refuse_step,
)
from privacam.store import open_store

rights_app = typer.Typer(
    help=(
        "Disclosure, stop-use, deletion and opt-out requests: log each step, check the "
        "requester's identity, answer in Japanese and English (開示・利用停止・消去)."
    ),
    no_args_is_help=True,
)
app.add_typer(rights_app, name="rights")

console = Console(highlight=False, soft_wrap=True)

FileArg = Annotated[Path, typer.Argument(help="The deployment file (privacam.yaml).")]
IdArg = Annotated[str, typer.Argument(help="The request id `rights receive` printed.")]
NoteOpt = Annotated[str, typer.Option(help="A note for the request's history.")]


def _print(request: RightsRequest, zone: str) -> None:
    due = request.due_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    duplicate = f"  duplicate of {request.duplicate_of}" if request.duplicate_of else ""
    console.print(
        f"{request.request_id}  {request.kind.value:<10}  {request.state.value:<16}  "
        f"due {due} ({zone}){duplicate}"
    )


@rights_app.command("receive")
def rights_receive(
    file: FileArg,
    kind: Annotated[RequestKind, typer.Option(help="What the person asks for.")],
    reference: Annotated[
        str | None,
        typer.Option(
            help="Your ticket number (no name or contact: the log keeps no requester data)."
        ),
    ] = None,
    received: Annotated[
        str | None, typer.Option(help="When it arrived (ISO 8601; default now).")
    ] = None,
    note: NoteOpt = "",
) -> None:
    """Log a new request; its response deadline comes from requests.response_days.

    Example: privacam rights receive privacam.yaml --kind disclosure --reference T-102
    """
    loaded = load_spec(file)
    zone = ZoneInfo(loaded.spec.timezone)
    at = parse_time_option("--received", received, zone=zone)
    with open_store(loaded) as store:
        request = RequestLog(store, loaded.spec).receive(
            kind, reference=reference, received_at=at, note=note
        )
    _print(request, loaded.spec.timezone)
    console.print(f"next: privacam rights check-identity {file} {request.request_id} --method ...")


@rights_app.command("check-identity")
def rights_check_identity(
    file: FileArg,
    request_id: IdArg,
    method: Annotated[str, typer.Option(help="How the identity was verified.")],
    note: NoteOpt = "",
) -> None:
    """Record that the requester's identity was verified, and how (every request needs it).

    Example: privacam rights check-identity privacam.yaml 7c1e... --method "photo ID at the desk"
    """
    _step(file, lambda log: log.check_identity(request_id, method=method, note=note))


@rights_app.command("start")
def rights_start(file: FileArg, request_id: IdArg, note: NoteOpt = "") -> None:
    """Begin work on a request whose identity check is done.

    Example: privacam rights start privacam.yaml 7c1e...
    """
    _step(file, lambda log: log.start(request_id, note=note))


@rights_app.command("complete")
def rights_complete(file: FileArg, request_id: IdArg, note: NoteOpt = "") -> None:
    """Close a request as answered.

    Example: privacam rights complete privacam.yaml 7c1e... --note "letter sent by post"
    """
    _step(file, lambda log: log.complete(request_id, note=note))


@rights_app.command("refuse")
def rights_refuse(
    file: FileArg,
    request_id: IdArg,
    reason: Annotated[str, typer.Option(help="Why the request is refused (told to the person).")],
) -> None:
    """Close a request as refused, with the reason.

    Example: privacam rights refuse privacam.yaml 7c1e... --reason "identity not verified"
    """
    _step(file, lambda log: log.refuse(request_id, reason=reason))


def _step(file: Path, step) -> None:
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        request = step(RequestLog(store, loaded.spec))
    _print(request, loaded.spec.timezone)


@rights_app.command("list")
def rights_list(
    file: FileArg,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only requests not yet closed.")
    ] = False,
) -> None:
    """List the requests, oldest first, with their state and deadline.

    Example: privacam rights list privacam.yaml --open
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        found = RequestLog(store, loaded.spec).requests(open_only=open_only)
    if not found:
        console.print("依頼はありません / no requests")
    for request in found:
        _print(request, loaded.spec.timezone)


@rights_app.command("show")
def rights_show(file: FileArg, request_id: IdArg) -> None:
    """Show one request and its state history.

    Example: privacam rights show privacam.yaml 7c1e...
    """
    loaded = load_spec(file)
    zone = ZoneInfo(loaded.spec.timezone)
    with open_store(loaded, create=False) as store:
        log = RequestLog(store, loaded.spec)
        request, history = log.get(request_id), log.history(request_id)
    _print(request, loaded.spec.timezone)
    if request.identity_method:
        console.print(f"  identity checked by: {request.identity_method}")
    for event in history:
        when = event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        note = f"  {event.note}" if event.note else ""
        console.print(f"  {when}  {event.state.value:<16}  {event.actor}{note}")


@rights_app.command("answer")
@flowing_help
def rights_answer(
    file: FileArg,
    request_id: IdArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the HTML letter.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
) -> None:
    """Answer a request of a deployment that holds nothing identifying (cases ①②④⑤⑥):
    a letter in ja/en of what is held and why none of it can be the person's; completes it.

    Example: privacam rights answer privacam.yaml 7c1e... -o answer.html
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        log = RequestLog(store, loaded.spec)
        request = log.get(request_id)
        refuse_step(request, RequestState.completed)  # only a request in progress is answered
        letter = holdings_letter(store, loaded.spec, request, datetime.now(UTC))
        write_output(output, render_html(letter).encode("utf-8"), force=force)
        done = log.complete(
            request_id, outcome={"answer": "no_identifiable_data"}, note=f"letter {output.name}"
        )
    _print(done, loaded.spec.timezone)
    console.print(f"wrote the answer to {output} (audited)")
