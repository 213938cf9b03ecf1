"""``privacam rights ...``: the privacy officer's request log (APPI 第33条, 第35条).

Each command is one step of a request (:mod:`privacam.rights.requests`), audited;
``answer`` writes the letter of a deployment that holds nothing identifying.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from privacam.cli.app import app
from privacam.cli.help_text import flowing_help
from privacam.cli.options import parse_time_option
from privacam.errors import InputError
from privacam.policy.loader import load_spec
from privacam.policy.spec import Case
from privacam.rights.by_photo import answer_by_photo
from privacam.rights.holdings import holdings_letter
from privacam.rights.identify import rights_threshold
from privacam.rights.letter_pdf import render_pdf
from privacam.rights.letters import render_html
from privacam.rights.output import write_output
from privacam.rights.photo_letters import answer_csv, answer_json, answer_letter
from privacam.rights.photo_setup import DEFAULT_MODEL, open_vault, photo_tools
from privacam.rights.requests import (
    RequestKind,
    RequestLog,
    RequestState,
    RightsRequest,
    refuse_step,
)
from privacam.store import Store, open_store

rights_app = typer.Typer(
    help=(
        "Disclosure, stop-use, deletion and opt-out requests: log each step, check the "
        "requester's identity, answer in Japanese and English (開示・利用停止・消去)."
    ),
    no_args_is_help=True,
)
app.add_typer(rights_app, name="rights")

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

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


class AnswerFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    json = "json"
    csv = "csv"


@rights_app.command("answer")
@flowing_help
def rights_answer(
    file: FileArg,
    request_id: IdArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the answer.")],
    photo: Annotated[
        Path | None,
        typer.Option(help="Case ③: the requester's photo (read in memory, never stored)."),
    ] = None,
    fmt: Annotated[
        AnswerFormat,
        typer.Option("--format", help="html or pdf letter (ja/en), or json or csv data."),
    ] = AnswerFormat.html,
    model: Annotated[str, typer.Option(help="Case ③: the face embedder of the vault.")] = (
        DEFAULT_MODEL
    ),
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
) -> None:
    """Answer a request in progress, and complete it (audited).

    Case ③ (face features): from the requester's --photo, matched against the vault:
    disclosure exports every visit of the one matched visitor; stop_use and deletion
    destroy their templates (keys first) and visits; opt_out seals an exclusion
    template. A photo that matches no one, or two visitors too closely, discloses and
    deletes nothing, and the answer says why. Other cases hold nothing identifying:
    the letter says what is held and why none of it can be the person's.

    Example: privacam rights answer privacam.yaml 7c1e... --photo face.jpg --format pdf -o a.pdf
    """
    loaded = load_spec(file)
    spec = loaded.spec
    photo_bytes = _read_photo(photo) if photo is not None else None
    with open_store(loaded, create=False) as store:
        log = RequestLog(store, spec)
        request = log.get(request_id)
        refuse_step(request, RequestState.completed)  # only a request in progress is answered
        if spec.case == Case.repeat:
            content, done = _answer_by_photo(log, store, request_id, photo_bytes, fmt, model)
        else:
            content, done = _answer_holdings(log, store, request, photo_bytes, fmt, output)
        write_output(output, content, force=force)
    _print(done, spec.timezone)
    console.print(f"wrote the answer to {output} (audited)")


def _read_photo(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(
            f"写真 {path} を読めません / cannot read the photo {path}: {error.strerror}"
        ) from None


def _answer_by_photo(
    log: RequestLog,
    store: Store,
    request_id: str,
    photo: bytes | None,
    fmt: AnswerFormat,
    model: str,
) -> tuple[bytes, RightsRequest]:
    if photo is None:
        raise InputError(
            "事例③の依頼には本人の写真が必要です / a case ③ request is answered from the "
            "requester's photo: pass --photo"
        )
    tools = photo_tools(model)
    answer = answer_by_photo(
        log,
        open_vault(store, log.spec, tools.model),
        request_id,
        photo,
        detector=tools.detector,
        embedder=tools.embedder,
        threshold=rights_threshold(log.spec, tools.model),
        store=store,
    )
    now = datetime.now(UTC)
    rendered = {
        AnswerFormat.json: lambda: answer_json(answer, log.spec).encode("utf-8"),
        AnswerFormat.csv: lambda: answer_csv(answer, log.spec),
        AnswerFormat.html: lambda: render_html(answer_letter(answer, log.spec, now)).encode(),
        AnswerFormat.pdf: lambda: render_pdf(answer_letter(answer, log.spec, now)),
    }[fmt]()
    console.print(f"match: {answer.identification.outcome}")
    if answer.deleted:
        console.print(
            f"deleted {answer.deleted['templates']} template(s) with their keys and "
            f"{answer.deleted['visits']} visit(s)"
        )
    if answer.residue is not None:
        scanned = len(answer.residue.files_scanned)
        if answer.residue.clean:
            console.print(f"verified: no byte of them in {scanned} database file(s), no key left")
        else:
            errors.print(
                f"warning: 消去したテンプレートのデータが残っています / bytes of the deleted "
                f"templates remain in {', '.join(answer.residue.found_in) or 'the key table'}"
            )
    return rendered, answer.request


def _answer_holdings(
    log: RequestLog,
    store: Store,
    request: RightsRequest,
    photo: bytes | None,
    fmt: AnswerFormat,
    output: Path,
) -> tuple[bytes, RightsRequest]:
    if photo is not None:
        raise InputError(
            "この配置は顔特徴量を保有しないため写真は使いません / this deployment holds no face "
            "features: answer without --photo"
        )
    if fmt not in (AnswerFormat.html, AnswerFormat.pdf):
        raise InputError(
            f"--format {fmt.value} は事例③の開示用です / --format {fmt.value} is for case ③ "
            "disclosures; use html or pdf"
        )
    letter = holdings_letter(store, log.spec, request, datetime.now(UTC))
    content = render_pdf(letter) if fmt == AnswerFormat.pdf else render_html(letter).encode()
    done = log.complete(
        request.request_id, outcome={"answer": "no_identifiable_data"}, note=f"letter {output.name}"
    )
    return content, done
