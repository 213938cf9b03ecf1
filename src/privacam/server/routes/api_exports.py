"""``GET /api/v1/exports/{kind}.csv`` and ``.json``: ``privacam export`` over HTTP.

The same bytes as the CLI (:func:`privacam.store.export.prepare_export`: the columns, the
BOM, ``published`` k-suppression) and the same purpose rule and audit entry, naming the
user (``output`` is ``api``). The analyst exports aggregate kinds of their cameras only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from privacam.server.access import Principal, Role, allow
from privacam.server.api.errors import (
    BAD_REQUEST,
    NOT_FOUND,
    SIGNED_IN_ERRORS,
    UNAUDITABLE,
    audited_or_refused,
    input_errors_as_400,
)
from privacam.server.api.kinds import KindPath, camera_scope, readable_kind
from privacam.server.api.models import ExportDocumentOut
from privacam.server.api.windows import Camera
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.store.export import Format, choose_purpose, prepare_export

router = APIRouter(prefix="/api/v1", tags=["exports"])

MEDIA_TYPES: dict[Format, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
#: A purpose id as the deployment file writes one.
PURPOSE_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"

Published = Annotated[
    bool, Query(description="k-suppressed, as `privacam export --published` writes it")
]
Purpose = Annotated[
    str | None,
    Query(
        description="Id of the deployment purpose the export serves (required when the file "
        "has several)",
        pattern=PURPOSE_PATTERN,
    ),
]
Caller = Annotated[Principal, allow(Role.ADMIN, Role.ANALYST, Role.PRIVACY_OFFICER)]
Context = Annotated[ServerContext, Depends(get_context)]


def _export(
    context: ServerContext,
    who: Principal,
    kind: str,
    fmt: Format,
    options: tuple[bool, str | None, str | None],
) -> Response:
    published, purpose, camera = options
    readable_kind(who, kind)
    cameras = camera_scope(who, camera)
    k = context.spec.publication.k if published else None
    with input_errors_as_400():
        serves = choose_purpose(context.spec, purpose)
        prepared = prepare_export(context.store, kind, fmt, published_k=k, cameras=cameras)
    # Audited before a byte leaves: an export that cannot be audited is not sent.
    with audited_or_refused():
        audit_access(context, who, "export", kind, prepared.audit_details("api", serves))
    suffix = "-published" if published else ""
    return Response(
        prepared.data,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{kind}{suffix}.{fmt}"'},
    )


EXPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    **SIGNED_IN_ERRORS,
    **NOT_FOUND,
    **BAD_REQUEST,
    **UNAUDITABLE,
}


@router.get(
    "/exports/{kind}.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"},
        **EXPORT_ERRORS,
    },
    summary="One record kind as CSV (UTF-8 with BOM), audited with the user",
)
def export_csv(
    kind: KindPath,
    who: Caller,
    context: Context,
    published: Published = False,
    purpose: Purpose = None,
    camera: Camera = None,
) -> Response:
    return _export(context, who, kind, "csv", (published, purpose, camera))


@router.get(
    "/exports/{kind}.json",
    response_class=Response,
    responses={200: {"model": ExportDocumentOut, "description": "JSON"}, **EXPORT_ERRORS},
    summary="One record kind as JSON, audited with the user",
)
def export_json(
    kind: KindPath,
    who: Caller,
    context: Context,
    published: Published = False,
    purpose: Purpose = None,
    camera: Camera = None,
) -> Response:
    return _export(context, who, kind, "json", (published, purpose, camera))
