"""``GET /api/v1/records/{kind}``: one page of a record kind's rows for a time window.

The analyst reads aggregate kinds of their cameras only (:mod:`privacam.server.api.kinds`);
a read of a per-person kind (trajectories, repeat visits) is audited with the reader.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from privacam.server.access import Principal, Role, allow
from privacam.server.api.errors import (
    BAD_REQUEST,
    NOT_FOUND,
    SIGNED_IN_ERRORS,
    UNAUDITABLE,
    audited_or_refused,
)
from privacam.server.api.kinds import KindPath, camera_scope, is_aggregate, readable_kind
from privacam.server.api.models import RecordPageOut
from privacam.server.api.windows import Camera, TimeWindow, time_window
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.store.export import export_columns
from privacam.store.record_pages import MAX_PAGE, record_page

router = APIRouter(prefix="/api/v1", tags=["records"])

#: Past this, a client pages by time (``from``) instead: a deep offset scans the table.
MAX_OFFSET = 1_000_000


@router.get(
    "/records/{kind}",
    response_model=RecordPageOut,
    responses={**SIGNED_IN_ERRORS, **NOT_FOUND, **BAD_REQUEST, **UNAUDITABLE},
    summary="Records of one kind in a time window, a page at a time",
)
def read_records(
    kind: KindPath,
    who: Annotated[Principal, allow(Role.ADMIN, Role.ANALYST, Role.PRIVACY_OFFICER)],
    context: Annotated[ServerContext, Depends(get_context)],
    window: Annotated[TimeWindow, Depends(time_window)],
    camera: Camera = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> RecordPageOut:
    record_type = readable_kind(who, kind)
    cameras = camera_scope(who, camera)
    page = record_page(
        context.store,
        record_type,
        cameras=cameras,
        since=window.since,
        until=window.until,
        offset=offset,
        limit=limit,
    )
    if not is_aggregate(record_type):
        details = {"rows": len(page.rows), "offset": offset, "camera": camera, **window.details()}
        with audited_or_refused():
            audit_access(context, who, "records.read", kind, details)
    return RecordPageOut(
        kind=kind,
        data_class=record_type.data_class.value,
        columns=export_columns(record_type),
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        next_offset=page.next_offset,
        rows=page.rows,
    )
