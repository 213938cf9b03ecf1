"""The API's error answers: a JSON ``detail`` in Japanese, then English, as the CLI writes.

>>> not_found("記録の種類 x はありません", "no record kind x").detail
'記録の種類 x はありません / no record kind x'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import HTTPException, status
from pydantic import BaseModel

from privacam.errors import InputError


class ErrorOut(BaseModel):
    """An error: what is wrong and what to do, Japanese first."""

    detail: str


def _error(code: int, ja: str, en: str) -> HTTPException:
    return HTTPException(code, f"{ja} / {en}")


def not_found(ja: str, en: str) -> HTTPException:
    return _error(status.HTTP_404_NOT_FOUND, ja, en)


def bad_request(ja: str, en: str) -> HTTPException:
    return _error(status.HTTP_400_BAD_REQUEST, ja, en)


def forbidden(ja: str, en: str) -> HTTPException:
    return _error(status.HTTP_403_FORBIDDEN, ja, en)


@contextmanager
def input_errors_as_400() -> Iterator[None]:
    """A :class:`~privacam.errors.InputError` from below (a purpose the file does not name, a
    kind that is never published) becomes a 400 whose detail is its one bilingual line."""
    try:
        yield
    except InputError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from None


@contextmanager
def audited_or_refused() -> Iterator[None]:
    """An access that cannot be audited (the audit key at hand is not the chain's) is refused
    with a 503, before any personal data or export leaves: it is the server's fault, not the
    caller's, and the operator must name the right key."""
    try:
        yield
    except InputError as error:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"監査記録を書けないため、このアクセスは拒否されました / this access cannot be "
            f"audited, so it is refused: {error}",
        ) from None


#: The error answers every signed-in API route documents in the schema.
SIGNED_IN_ERRORS: dict[int | str, dict[str, Any]] = {
    status.HTTP_401_UNAUTHORIZED: {"model": ErrorOut, "description": "Not signed in"},
    status.HTTP_403_FORBIDDEN: {"model": ErrorOut, "description": "Role or camera not allowed"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"model": ErrorOut, "description": "No such kind or case"},
}
UNAUDITABLE: dict[int | str, dict[str, Any]] = {
    status.HTTP_503_SERVICE_UNAVAILABLE: {"model": ErrorOut, "description": "Cannot be audited"},
}
BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    status.HTTP_400_BAD_REQUEST: {"model": ErrorOut, "description": "Invalid request"},
}
