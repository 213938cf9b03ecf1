"""Commands of the policy layer: ``init``, ``check``, ``notice`` and ``assess``.

Each is a thin call into :mod:`privacam.policy`; this module only parses options and
prints results.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from privacam.cli.app import app
from privacam.policy.checks import CheckReport, check_loaded
from privacam.policy.deployment_template import write_template
from privacam.policy.findings import Severity
from privacam.policy.loader import LoadedSpec, load_spec
from privacam.policy.spec import Case

console = Console(highlight=False, soft_wrap=True)
_COLOURS = {Severity.error: "red", Severity.warning: "yellow", Severity.info: "cyan"}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def init(
    case: Case = typer.Option(..., "--case", help="The application case of the deployment."),
    output: Path = typer.Option(
        Path("privacam.yaml"), "-o", "--output", help="Where to write the deployment file."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented, valid deployment file for CASE with the guidebook's defaults.

    Example: privacam init --case counting -o privacam.yaml
    """
    from privacam.policy.floor_plan import write_sample_floor_plan_beside

    write_template(case, output, force=force)
    console.print(f"wrote {output} (case {case.value}); next: privacam check {output}")
    plan = write_sample_floor_plan_beside(output)
    if plan is not None:
        console.print(
            f"wrote {plan}: 平面図の見本です。実際の平面図と floor_points に置き換えてください / "
            "a sample floor plan: replace it, and floor_points, with your own"
        )


def _print_report(report: CheckReport, loaded: LoadedSpec, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        document = {
            "file": str(loaded.path) if loaded.path else None,
            "sha256": loaded.sha256,
            "summary": {
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "infos": len(report.infos),
            },
            "findings": [finding.to_dict() for finding in report.findings],
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for finding in report.findings:
        colour = _COLOURS[finding.severity]
        basis = "; ".join(finding.basis)
        where = f"  {finding.path}" if finding.path else ""
        console.print(
            f"[{colour}]{finding.severity.value.upper():7}[/{colour}] {finding.rule_id}  "
            f"[dim]\\[{basis}][/dim]{where}"
        )
        console.print(f"        {finding.message.ja}")
        console.print(f"        {finding.message.en}")
    console.print(
        f"{_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}, "
        f"{len(report.infos)} info ({len(report.passed)} rules, file {loaded.short_hash})"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@app.command()
def check(
    file: Path = typer.Argument(..., help="The deployment file (privacam.yaml)."),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text or json."),
) -> None:
    """Check a deployment against the guidebook and APPI.

    Exit 0 with no errors, 1 with errors, 2 when the file cannot be read.

    Example: privacam check privacam.yaml --format json
    """
    loaded = load_spec(file)
    report = check_loaded(loaded)
    _print_report(report, loaded, fmt)
    raise typer.Exit(report.exit_code)


@app.command()
def notice(
    file: Path = typer.Argument(..., help="The deployment file (privacam.yaml)."),
    output: Path = typer.Option(
        Path("notice"), "-o", "--output", help="Directory for the sign and the web notice."
    ),
    draft: bool = typer.Option(
        False,
        "--draft",
        help="Render even while `privacam check` reports errors, marked 「案 / DRAFT」 on "
        "every page; `privacam run` never accepts a draft.",
    ),
) -> None:
    """Render the on-site sign (PDF, PNG) and the full web notice (HTML) in Japanese and English.

    Refuses (exit 1) while `privacam check` reports errors, as `privacam run` does;
    --draft renders a marked draft instead. The mark also appears while example
    values (（例）, example.jp) remain in the file. Text shrinks to fit down to a
    minimum legible size of 3.5 mm on A4 (4.9 mm on A3) and 2.0 mm on the label; an
    item of the sign that does not fit even then is an error (exit 2) naming it,
    never left out.

    Example: privacam notice privacam.yaml -o notice/
    """
    from privacam.runtime.notice import render_audited_notice

    loaded = load_spec(file)
    manifest = render_audited_notice(loaded, output, draft=draft)
    for path in manifest.files:
        console.print(f"wrote {output / path}")
    for skipped in manifest.skipped:
        console.print(f"[yellow]skipped language {skipped.language}[/yellow]: {skipped.reason}")
    if manifest.draft:
        errors = ", ".join(manifest.check_errors) or "none"
        console.print(
            f"[yellow]draft[/yellow] notice rendered for deployment {loaded.short_hash} "
            f"(check errors: {errors}): marked 「案 / DRAFT」, and `privacam run` will not "
            "accept it"
        )
        return
    if manifest.placeholders:
        console.print(
            "[yellow]draft mark[/yellow]: example values remain in "
            f"{', '.join(manifest.placeholders)}, so the sign is marked 「案 / DRAFT」; "
            "replace them before putting it up"
        )
    console.print(f"notice rendered for deployment {loaded.short_hash}")


@app.command()
def assess(
    file: Path = typer.Argument(..., help="The deployment file (privacam.yaml)."),
    output: Path = typer.Option(
        Path("assessment.html"),
        "-o",
        "--output",
        help="The report; .md, .json and .pdf siblings are written beside it.",
    ),
) -> None:
    """Write the assessment report (context, data inventory, checklist per stage, risks, sign-off).

    Example: privacam assess privacam.yaml -o report.html
    """
    from privacam.policy.assessment import write_assessment

    loaded = load_spec(file)
    for path in write_assessment(loaded, output):
        console.print(f"wrote {path}")
