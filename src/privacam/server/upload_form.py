"""A form with one photo, read whole into memory and never onto disk.

Starlette's own form parsing spools an upload above 1 MB to a temporary file: a photo
of the requester's face would then sit on disk as a plain file, which privacam never
allows (it keeps the photo only sealed, :mod:`privacam.rights.web_intake`). Here the
body is read up to a cap (refused beyond it, 413, before parsing) and parsed by the same
parser with its spool raised above the cap, so every part stays in memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import HTTPException, Request, status
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from privacam.rights.web_intake import MAX_PHOTO_BYTES

#: The photo and the few text fields of the form, with room for the multipart framing.
MAX_BODY = MAX_PHOTO_BYTES + 64 * 1024

TOO_LARGE = (
    f"送信内容が大きすぎます（写真は {MAX_PHOTO_BYTES // (1024 * 1024)} MB まで） / the "
    f"request is too large (photos up to {MAX_PHOTO_BYTES // (1024 * 1024)} MB)"
)


@dataclass(frozen=True)
class PhotoForm:
    fields: dict[str, str]
    #: The uploaded file's bytes; ``None`` when the form had no file or an empty one.
    photo: bytes | None


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, TOO_LARGE)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_photo_form(request: Request, *, photo_field: str = "photo") -> PhotoForm:
    """The form's text fields and its photo, all in memory (400 for a malformed body)."""
    body = await _body(request, MAX_BODY)
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            "フォームから送信してください / send the request from the form (multipart/form-data)",
        )

    async def stream() -> AsyncIterator[bytes]:
        yield body

    parser = MultiPartParser(request.headers, stream(), max_files=1, max_fields=20)
    parser.spool_max_size = MAX_BODY + 1  # never rolls over to a temporary file
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, error.message) from None
    fields: dict[str, str] = {}
    photo: bytes | None = None
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if key == photo_field:
                photo = await value.read() or None
            await value.close()
        else:
            fields[key] = value
    return PhotoForm(fields, photo)
