"""``POST /api/v1/push``: an edge node's batch of minimised records into the central store.

Only a ``node`` may call it. The batch is bounded twice: at most
:data:`~privacam.server.push_batch.MAX_RECORDS`
records, and a body of at most :data:`MAX_BODY_BYTES` (the route's ``max_body_size``:
refused with 413 before it is parsed). Each record is validated as its kind (a pushed kind only: never trajectories,
visits or templates), every camera must be in the node's scope (403 for the whole batch
otherwise) and in the central deployment's file (422: its notice does not cover it), and the batch is upserted by stable id in one audited transaction
(:func:`privacam.store.ingest.ingest`): posting it again answers ``already_present``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from privacam.server.access import (
    Principal,
    Role,
    allow,
    camera_in_scope,
    current_principal,
)
from privacam.server.context import ServerContext, get_context
from privacam.server.push_batch import PushAnswer, PushBatch
from privacam.store.ingest import PushConflict, PushedRecord, ingest
from privacam.store.push_kinds import camera_of

#: The largest body accepted: 500 heatmap grids of a few hundred cells fit well within it.
MAX_BODY_BYTES = 4 * 1024 * 1024


class PushRoute(APIRoute):
    """The push route: reads no body from a caller who is not signed in (401, as the route's
    own ``allow`` would answer), and answers an invalid batch without echoing its values.

    The body itself is capped at :data:`MAX_BODY_BYTES` by the app's
    :class:`~privacam.server.limits.RouteBodyLimit`, from the route's ``max_body_size``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            if current_principal(request) is None:  # buffer no body for an anonymous caller
                raise HTTPException(
                    status.HTTP_401_UNAUTHORIZED,
                    "sign in first / サインインしてください",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            try:
                return await handler(request)
            except RequestValidationError as invalid:
                raise _without_inputs(invalid) from None

        return checked


def _without_inputs(invalid: RequestValidationError) -> HTTPException:
    """The 422 without the values that failed: a batch's values are the node's to know,
    and a NaN or an infinity echoed back would not even encode as JSON."""
    problems = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in invalid.errors()[:50]
    ]
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, problems)


router = APIRouter(route_class=PushRoute)

#: Only an edge node's token may push.
NODE_ONLY = allow(Role.NODE)


def _records(batch: PushBatch) -> list[PushedRecord]:
    return [PushedRecord(str(item.id), item.record) for item in batch.records]


@router.post("/api/v1/push", tags=["push"], response_model=PushAnswer, max_body_size=MAX_BODY_BYTES)
def push(
    batch: PushBatch,
    who: Principal = NODE_ONLY,
    context: ServerContext = Depends(get_context),
) -> PushAnswer:
    """Store an edge node's batch; idempotent by record id."""
    records = _records(batch)
    cameras = sorted({camera_of(r.record) for r in records})
    for camera_id in cameras:
        camera_in_scope(who, camera_id)  # one camera out of scope refuses the whole batch
    unknown = [c for c in cameras if c not in {camera.id for camera in context.spec.cameras}]
    if unknown:  # no dashboard or notice covers it: refused rather than kept out of sight
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"カメラ {', '.join(unknown)} はこのデプロイメントにありません / camera(s) "
            f"{', '.join(unknown)} are not in this deployment: add them to its file first",
        )
    try:
        report = ingest(
            context.store,
            records,
            actor=f"{who.kind}:{who.name}",
            details={"node": who.name, "role": who.role.value},
        )
    except PushConflict as conflict:
        raise HTTPException(status.HTTP_409_CONFLICT, str(conflict)) from None
    return PushAnswer(**report.to_details())
