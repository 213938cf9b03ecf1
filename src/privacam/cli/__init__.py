"""The ``privacam`` command: one Typer app, each command a thin call into a layer below.

Commands live in small modules of this package, one concept each; this module
only assembles them and turns :class:`privacam.errors.PrivacamError` into one
clear line on stderr and its exit code.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

from privacam.errors import PrivacamError
from privacam.secret_values import redact, redact_log_records

# Importing a command module registers its commands on ``app``; this is their order in
# ``privacam --help``.
_COMMAND_MODULES = (
    "policy_commands",
    "models_commands",
    "runtime_commands",
    "store_commands",
    "anonymize_commands",
    "vault_commands",
    "rights_commands",
    "incident_commands",
    "server_commands",
    "push_commands",
)
#: Commands whose module alone is loaded when they are the first argument: every
#: module brings its layers (the store, every case, SciPy: about 1.5 s), and a batch of
#: 71 frames takes about as long again; ``privacam anonymize`` needs none of them, and
#: ``privacam run`` (a camera's start-up) not the server's, the rights desk's or the
#: vault's (0.8 s instead of 1.5 s).
_STANDALONE = {
    "anonymize": "anonymize_commands",
    "run": "runtime_commands",
    "demo": "runtime_commands",
}

__all__ = ["app", "main"]


def commands(argv: list[str] | None = None) -> typer.Typer:
    """The app with the commands ``argv`` can reach registered: one module for a
    standalone command, else all, in ``_COMMAND_MODULES`` order."""
    from privacam.cli.app import app

    first = argv[0] if argv else None
    if first in _STANDALONE:
        importlib.import_module(f"privacam.cli.{_STANDALONE[first]}")
        return app
    for name in _COMMAND_MODULES:
        importlib.import_module(f"privacam.cli.{name}")
    # a standalone command loaded first in this process registered first: restore the order
    rank = {f"privacam.cli.{name}": i for i, name in enumerate(_COMMAND_MODULES)}
    app.registered_commands.sort(
        key=lambda info: rank.get(getattr(info.callback, "__module__", ""), len(rank))
    )
    # importing the submodule privacam.cli.app bound its module to this name: the Typer
    # app it is meant to be
    globals()["app"] = app
    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # `from privacam.cli import app` first: the whole command set
        return commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; ``argv`` None reads ``sys.argv`` (the executable)."""
    try:
        _dispatch(argv)
    except SystemExit as done:
        if argv is None:  # the executable, not a test or an embedding caller
            from privacam.cli import quick_exit

            quick_exit.exit_now_if_requested(done.code)
        raise


def _dispatch(argv: list[str] | None) -> None:
    redact_log_records()  # no secret value in any log line, whatever logged it
    try:
        # Outside standalone mode click returns the code of a typer.Exit instead of exiting.
        args = sys.argv[1:] if argv is None else list(argv)
        code = commands(args)(args=args, standalone_mode=False)
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
