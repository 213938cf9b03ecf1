"""``privacam incident new|assess|update|report|list|show``: the leak register (APPI 第26条)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console

from privacam.cli.app import app
from privacam.cli.help_text import flowing_help
from privacam.cli.options import parse_time_option
from privacam.policy.incidents import IncidentDecision, assess, summary
from privacam.policy.loader import load_spec
from privacam.rights.incident_drafts import DraftStage, local, open_items, render_draft
from privacam.rights.incidents import Incident, IncidentRegister
from privacam.rights.output import write_output
from privacam.store import open_store

incident_app = typer.Typer(
    help=(
        "Record a leak (漏えい等), decide whether it must be reported (APPI 第26条), and draft "
        "the reports to the PPC and the notice to the people."
    ),
    no_args_is_help=True,
)
app.add_typer(incident_app, name="incident")

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

FileArg = Annotated[Path, typer.Argument(help="The deployment file (privacam.yaml).")]
IdArg = Annotated[str, typer.Argument(help="The incident id `incident new` printed.")]


@incident_app.command("new")
@flowing_help
def incident_new(
    file: FileArg,
    summary_text: Annotated[str, typer.Option("--summary", help="What happened (item 1).")],
    cause: Annotated[str, typer.Option(help="Why it happened, as far as known (item 4).")],
    data_item: Annotated[
        list[str],
        typer.Option("--data-item", help="A data item key of the file involved; repeat."),
    ],
    people: Annotated[int, typer.Option(help="How many people's data is involved (item 3).")],
    discovered: Annotated[
        str, typer.Option(help="When the operator found out (ISO 8601; the file's zone if none).")
    ],
    occurred: Annotated[str | None, typer.Option(help="When it happened, if known.")] = None,
    encryption: Annotated[
        str | None,
        typer.Option(help="Cipher the leaked data was under, e.g. AES-256-GCM; omit if none."),
    ] = None,
    key_leaked: Annotated[bool, typer.Option(help="The encryption key leaked too.")] = False,
    sensitive: Annotated[bool, typer.Option(help="Sensitive data (要配慮個人情報).")] = False,
    financial_harm: Annotated[bool, typer.Option(help="Misuse may cause financial harm.")] = False,
    wrongful_purpose: Annotated[
        bool, typer.Option(help="A wrongful purpose is suspected (unauthorised access, theft).")
    ] = False,
) -> None:
    """Record an incident; then `privacam incident assess` decides whether to report it.

    Example: privacam incident new privacam.yaml --summary "..." --cause "..."
    --data-item face_features --people 1001 --discovered 2026-04-01T10:00
    """
    loaded = load_spec(file)
    zone = ZoneInfo(loaded.spec.timezone)
    discovered_at = parse_time_option("--discovered", discovered, zone=zone)
    assert discovered_at is not None
    with open_store(loaded) as store:
        incident = IncidentRegister(store, loaded.spec).record(
            summary=summary_text,
            cause=cause,
            data_items=data_item,
            people=people,
            discovered_at=discovered_at,
            occurred_at=parse_time_option("--occurred", occurred, zone=zone),
            encryption=encryption,
            key_leaked=key_leaked,
            sensitive=sensitive,
            financial_harm=financial_harm,
            wrongful_purpose=wrongful_purpose,
        )
    console.print(f"recorded incident {incident.incident_id} (audited)")
    console.print(f"next: privacam incident assess {file} {incident.incident_id}")


def _print_decision(decision: IncidentDecision) -> None:
    verdict = summary(decision)
    label = "REPORTABLE" if decision.reportable else "NOT REPORTABLE"
    console.print(f"{label}: {verdict.ja}")
    console.print(f"{' ' * len(label)}  {verdict.en}")
    for reason in decision.reasons:
        console.print(f"  ground [{reason.basis}]: {reason.text.ja} / {reason.text.en}")
    if decision.exemption is not None:
        console.print(f"  exemption [{decision.exemption.basis}]")
    if decision.reportable:
        console.print(
            f"  速報 / preliminary report due: {local(decision.preliminary_due, decision.timezone)}"
        )
        console.print(
            f"  確報 / final report due:       {local(decision.final_due, decision.timezone)}"
        )


@incident_app.command("assess")
def incident_assess(file: FileArg, incident_id: IdArg) -> None:
    """Decide whether the incident must be reported to the PPC, and by when (audited).

    Example: privacam incident assess privacam.yaml 3f2a...
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        decision = IncidentRegister(store, loaded.spec).assess(incident_id)
    _print_decision(decision)


@incident_app.command("update")
def incident_update(
    file: FileArg,
    incident_id: IdArg,
    secondary_damage: Annotated[str | None, typer.Option(help="Item 5: secondary damage.")] = None,
    response_to_people: Annotated[
        str | None, typer.Option(help="Item 6: what was done for the people.")
    ] = None,
    publication: Annotated[str | None, typer.Option(help="Item 7: publication.")] = None,
    prevention: Annotated[
        str | None, typer.Option(help="Item 8: prevention of recurrence.")
    ] = None,
    other: Annotated[str | None, typer.Option(help="Item 9: anything else of use.")] = None,
) -> None:
    """Fill in items 5-9 of the report as they become known (audited).

    Example: privacam incident update privacam.yaml 3f2a... --prevention "..."
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        incident = IncidentRegister(store, loaded.spec).update(
            incident_id,
            secondary_damage=secondary_damage,
            response_to_people=response_to_people,
            publication=publication,
            prevention=prevention,
            other=other,
        )
        still_open = open_items(incident, loaded.spec)
    console.print(f"updated incident {incident_id}; items still open: {len(still_open)}")


@incident_app.command("report")
@flowing_help
def incident_report(
    file: FileArg,
    incident_id: IdArg,
    stage: Annotated[
        DraftStage, typer.Option(help="preliminary (速報), final (確報) or notice (本人通知).")
    ] = DraftStage.preliminary,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the draft here (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
) -> None:
    """Draft the preliminary or final report to the PPC (the nine items of Rule Art. 8(1)),
    or the notice to the people, in Japanese and English (Markdown; audited).

    Example: privacam incident report privacam.yaml 3f2a... --stage final -o final.md
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        register = IncidentRegister(store, loaded.spec)
        incident = register.get(incident_id)
        text = render_draft(incident, loaded.spec, stage)
        if output is not None:
            write_output(output, text.encode("utf-8"), force=force)
        register.audit_draft(incident_id, stage.value)
    if stage == DraftStage.final and (still_open := open_items(incident, loaded.spec)):
        names = ", ".join(str(item.number) for item in still_open)
        errors.print(
            f"warning: 確報の項目 {names} が未記入です / items {names} of the final report are "
            "still open; fill them with `privacam incident update`"
        )
    if output is None:
        typer.echo(text)
    else:
        console.print(f"wrote the {stage.value} draft to {output} (audited)")


@incident_app.command("list")
def incident_list(file: FileArg) -> None:
    """List the recorded incidents, with their last decision.

    Example: privacam incident list privacam.yaml
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        found = IncidentRegister(store, loaded.spec).incidents()
    if not found:
        console.print("インシデントの記録はありません / no incidents recorded")
    for incident in found:
        console.print(_line(incident, loaded.spec.timezone))


def _line(incident: Incident, zone: str) -> str:
    state = {None: "not assessed", True: "reportable", False: "not reportable"}[incident.reportable]
    return (
        f"{incident.incident_id}  discovered {local(incident.discovered_at, zone)}  "
        f"{incident.people:,} people  {','.join(incident.data_items)}  {state}"
    )


@incident_app.command("show")
def incident_show(file: FileArg, incident_id: IdArg) -> None:
    """Show one incident's facts, and the decision the law gives them now.

    Example: privacam incident show privacam.yaml 3f2a...
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        incident = IncidentRegister(store, loaded.spec).get(incident_id)
    console.print(_line(incident, loaded.spec.timezone))
    console.print(f"summary: {incident.summary}")
    console.print(f"cause: {incident.cause}")
    console.print(
        f"encryption: {incident.encryption or 'none'}"
        + (" (key leaked)" if incident.key_leaked else "")
    )
    _print_decision(assess(incident.facts, loaded.spec.timezone))
