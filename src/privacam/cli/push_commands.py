"""``privacam push status|send``: the edge's outbox of records for the central server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from privacam.cli.app import app
from privacam.policy.loader import load_spec
from privacam.store import open_store
from privacam.store.outbox import Outbox

push_app = typer.Typer(
    help="The edge's push outbox: what waits for the central server (`run --push URL`).",
    no_args_is_help=True,
)
app.add_typer(push_app, name="push")

console = Console(highlight=False, soft_wrap=True)

FileArg = Annotated[Path, typer.Argument(help="The deployment file (privacam.yaml).")]


@push_app.command("status")
def status(file: FileArg) -> None:
    """Show the outbox's backlog: records still to send and since when, refused, sent.

    Exit code 0 when nothing waits, 1 when records wait or were refused.

    Example: privacam push status privacam.yaml
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        backlog = Outbox(store).backlog()
    zone = ZoneInfo(loaded.spec.timezone)
    oldest = (
        backlog.oldest.astimezone(zone).isoformat(timespec="seconds") if backlog.oldest else "-"
    )
    console.print(f"未送信 / pending   {backlog.rows}")
    console.print(f"最古 / oldest      {oldest}")
    console.print(f"拒否 / refused     {backlog.rejected}")
    console.print(f"送信済み / sent    {backlog.sent}")
    raise typer.Exit(1 if backlog.rows or backlog.rejected else 0)


@push_app.command("send")
def send(
    file: FileArg,
    url: Annotated[str, typer.Option("--push", metavar="URL", help="The central server.")],
    token_file: Annotated[
        Path | None, typer.Option("--push-token-file", help="The node token (else env).")
    ] = None,
    wait: Annotated[float, typer.Option("--wait", min=0, help="Seconds to keep trying.")] = 30.0,
) -> None:
    """Send what the outbox holds without running the cameras (after an outage, say).

    The node token comes from PRIVACAM_PUSH_TOKEN or --push-token-file. Exit code 0 when
    the outbox is empty at the end, 1 when records are left.

    Example: privacam push send privacam.yaml --push https://centre.example:8321
    """
    from privacam.runtime.push_sender import PushSender
    from privacam.runtime.push_target import PushTarget

    target = PushTarget.from_options(url, token_file)
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        sender = PushSender(store, target)
        sender.start()
        backlog = sender.drain(wait)
    console.print(f"{sender.sent} 件送信 / sent {sender.sent}; {backlog.describe()}")
    if sender.last_error and backlog.rows:
        console.print(f"最後のエラー / last error: {sender.last_error}")
    raise typer.Exit(1 if backlog.rows else 0)
