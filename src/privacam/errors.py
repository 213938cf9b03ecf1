"""Errors that the CLI turns into one clear line and a non-zero exit code."""

from __future__ import annotations


class PrivacamError(Exception):
    """A user-facing error: the message is one line that says what is wrong and what to do.

    ``exit_code`` follows the CLI convention: 2 for unreadable or invalid input,
    1 for a command that ran but failed.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(PrivacamError):
    """Invalid or unreadable input: a bad deployment file, a missing source, an unknown model."""

    exit_code = 2
