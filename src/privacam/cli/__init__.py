"""The ``privacam`` command: one Typer app, each command a thin call into a layer below.

Commands live in small modules of this package, one concept each; this module
only assembles them and turns :class:`privacam.errors.PrivacamError` into one
clear line on stderr and its exit code.
"""

from __future__ import annotations

import sys

import typer

from privacam.cli.app import app
from privacam.errors import PrivacamError
from privacam.secret_values import redact, redact_log_records

# Importing a command module registers its commands on ``app``.
from privacam.cli import policy_commands  # noqa: F401  isort: skip
from privacam.cli import models_commands  # noqa: F401  isort: skip
from privacam.cli import runtime_commands  # noqa: F401  isort: skip
from privacam.cli import store_commands  # noqa: F401  isort: skip
from privacam.cli import anonymize_commands  # noqa: F401  isort: skip
from privacam.cli import vault_commands  # noqa: F401  isort: skip
from privacam.cli import rights_commands  # noqa: F401  isort: skip
from privacam.cli import incident_commands  # noqa: F401  isort: skip
from privacam.cli import server_commands  # noqa: F401  isort: skip
from privacam.cli import push_commands  # noqa: F401  isort: skip

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    redact_log_records()  # no secret value in any log line, whatever logged it
    try:
        # Outside standalone mode click returns the code of a typer.Exit instead of exiting.
        code = app(args=argv, standalone_mode=False)
    except PrivacamError as error:
        # Redacted by value: an error may quote a URL whose query string holds a secret.
        typer.secho(f"privacam: error: {redact(str(error))}", err=True, fg=typer.colors.RED)
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        typer.echo("privacam: aborted", err=True)
        sys.exit(130)
    except Exception as click_error:  # click's usage errors carry their own exit code
        code = getattr(click_error, "exit_code", None)
        if code is None:
            raise
        show = getattr(click_error, "show", None)
        if show:
            show()
        sys.exit(code)
    sys.exit(code if isinstance(code, int) else 0)
