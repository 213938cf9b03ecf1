"""Generate the CLI reference (docs/cli.md) from the code, so the docs cannot drift.

``python -m privacam.cli.reference > docs/cli.md`` rewrites it; a test fails when
the committed file differs from what this module generates.
"""

from __future__ import annotations

from typing import Any

import typer
import typer.main

from privacam.cli import commands

app = commands()  # every command, whatever this process loaded before

_HEADER = """# privacam command reference

Generated from the code by `make docs` (`python -m privacam.cli.reference`); do not edit by hand.
"""


# Typer bundles its own click; commands are duck-typed so this works with either.
def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in sorted(getattr(group, "commands", {})):
        command = group.commands[name]
        path = f"{prefix} {name}"
        found.append((path, command))
        found += _commands(command, path)
    return found


def _cell(text: str) -> str:
    """Escape a Markdown table cell."""
    return text.replace("|", "\\|")


def _help_text(command: Any) -> str:
    return (command.help or "").strip()


def _options(command: Any, context: typer.Context) -> list[str]:
    rows = []
    for param in command.get_params(context):
        if param.name == "help":
            continue
        record = param.get_help_record(context)
        if record is None:  # arguments have no help record in click
            rows.append(
                f"| `{param.human_readable_name}` | argument{' (required)' if param.required else ''} |"
            )
            continue
        names, text = record
        rows.append(f"| `{_cell(names)}` | {_cell(text)} |")
    return rows


def generate() -> str:
    """The Markdown reference of every command and subcommand."""
    root = typer.main.get_command(app)
    parts = [_HEADER]
    for path, command in _commands(root, "privacam"):
        context = typer.Context(command, info_name=path)
        parts.append(f"## `{path}`\n")
        parts.append(f"```\n{command.get_usage(context)}\n```\n")
        if _help_text(command):
            parts.append(_help_text(command) + "\n")
        rows = _options(command, context)
        if rows:
            parts.append("| option | meaning |\n| --- | --- |\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(generate(), end="")
