"""``POST /api/v1/push``: an edge node's batch of minimised records into the central store.

Only a ``node`` may call it. The batch is bounded twice: at most :data:`MAX_RECORDS`
records, and a body of at most :data:`MAX_BODY_BYTES` (refused with 413 before it is
parsed). Each record is validated as its kind (a pushed kind only: never trajectories,
visits or templates), every camera must be in the node's scope (403 for the whole batch
otherwise), and the batch is upserted by stable id in one audited transaction
(:func:`privacam.store.ingest.ingest`): posting it again answers ``already_present``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from privacam.server.access import Principal, Role, allow, camera_in_scope
from privacam.server.context import ServerContext, get_context
from privacam.store.ingest import PushConflict, PushedRecord, ingest
from privacam.store.push_codec import decode, unknown_fields, unsafe_values
from privacam.store.push_kinds import PUSHED_KINDS, camera_of

#: The most records one batch may carry (the edge's sender posts at most this many).
MAX_RECORDS = 500
#: The largest body accepted: 500 heatmap grids of a few hundred cells fit well within it.
MAX_BODY_BYTES = 4 * 1024 * 1024

PushedKind = Literal[PUSHED_KINDS]  # type: ignore[valid-type]


class BodyLimitedRoute(APIRoute):
    """A route that refuses a body over :data:`MAX_BODY_BYTES` with 413, counting the bytes
    as they arrive (a client may lie in Content-Length or send none)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                raise _too_large()
            body = bytearray()
            async for chunk in request.stream():
                body.extend(chunk)
                if len(body) > MAX_BODY_BYTES:
                    raise _too_large()
            whole = bytes(body)

            async def replay() -> dict[str, Any]:
                return {"type": "http.request", "body": whole, "more_body": False}

            return await handler(Request(request.scope, replay))

        return limited


def _too_large() -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"一度に送れるのは {MAX_BODY_BYTES} バイトまでです。バッチを分けてください / "
        f"the body is over {MAX_BODY_BYTES} bytes: send smaller batches",
    )


router = APIRouter(route_class=BodyLimitedRoute)

#: Only an edge node's token may push.
NODE_ONLY = allow(Role.NODE)


class PushItem(BaseModel):
    """One record: its stable id (UUID5 from the edge), its kind, and its fields."""

    model_config = ConfigDict(extra="forbid")

    id: UUID
    kind: PushedKind
    record: dict[str, Any] = Field(max_length=64)


class PushBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[PushItem] = Field(max_length=MAX_RECORDS)


class PushAnswer(BaseModel):
    """What became of the batch: new rows, rows replaced with new values, rows already held."""

    accepted: int
    replaced: int
    already_present: int


def _decoded(batch: PushBatch) -> list[PushedRecord]:
    """Each item as its kind's record; 422 naming every invalid item."""
    problems: list[dict[str, Any]] = []
    decoded: list[PushedRecord] = []
    for index, item in enumerate(batch.records):
        where = ["body", "records", index, "record"]
        extra = unknown_fields(item.kind, item.record)
        unsafe = unsafe_values(item.record)
        if extra or unsafe:
            found = [f"unknown fields for {item.kind}: {extra}"] if extra else []
            problems += [{"loc": where, "msg": msg} for msg in found + unsafe]
            continue
        try:
            decoded.append(PushedRecord(str(item.id), decode(item.kind, item.record)))
        except ValidationError as error:
            for problem in error.errors(include_url=False, include_input=False):
                loc = [*where, *problem["loc"]]
                problems.append({"loc": loc, "msg": problem["msg"], "type": problem["type"]})
        except ValueError as error:
            problems.append({"loc": where, "msg": str(error)})
    if problems:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, problems[:50])
    return decoded


@router.post("/api/v1/push", tags=["push"], response_model=PushAnswer)
def push(
    batch: PushBatch,
    who: Principal = NODE_ONLY,
    context: ServerContext = Depends(get_context),
) -> PushAnswer:
    """Store an edge node's batch; idempotent by record id."""
    records = _decoded(batch)
    for camera_id in sorted({camera_of(r.record) for r in records}):
        camera_in_scope(who, camera_id)  # one camera out of scope refuses the whole batch
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
