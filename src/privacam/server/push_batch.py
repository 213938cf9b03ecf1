"""The push endpoint's body, typed per record kind so that the OpenAPI schema says exactly
what a node may send: ``{"records": [{"id": UUID, "kind": "line_counts", "record": {...}}]}``.

Each item is a model of its own kind (a discriminated union on ``kind``) whose ``record``
is the record class itself, so validation runs the record's own checks (aware times,
windows that end after they start, no negative counts). Before that, a record is refused
for fields its kind lacks and for values no column takes (:func:`unsafe_values`).

>>> PushBatch.model_validate({"records": [{"id": "6b1f0cf3-3b4e-5d6a-9a0c-3f4e5d6a7b8c",
...     "kind": "coverage", "record": {"camera_id": "cam1", "start": "2026-04-01T00:00:00Z",
...     "end": "2026-04-01T00:01:00Z"}}]}).records[0].record.camera_id
'cam1'
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    create_model,
    field_validator,
)

from privacam.records import RECORD_KINDS
from privacam.store.push_codec import unknown_fields, unsafe_values
from privacam.store.push_kinds import PUSHED_KINDS

#: The most records one batch may carry (the edge's sender posts at most 200).
MAX_RECORDS = 500


class PushItemBase(BaseModel):
    """One record: its stable id (a UUID5 the edge made), its kind and its fields."""

    model_config = ConfigDict(extra="forbid")

    id: UUID

    @field_validator("record", mode="wrap", check_fields=False)
    @classmethod
    def _checked(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        kind = cls.model_fields["kind"].default
        if isinstance(value, dict):
            extra = unknown_fields(kind, value)
            if extra:
                raise ValueError(f"unknown fields for {kind}: {extra}")
            unsafe = unsafe_values(value)
            if unsafe:
                raise ValueError("; ".join(unsafe))
        try:
            return handler(value)
        except (OverflowError, TypeError) as error:  # a time past the calendar, say
            raise ValueError(str(error)) from None


def _item_model(kind: str) -> type[PushItemBase]:
    record_type = RECORD_KINDS[kind]
    return create_model(
        f"Push{record_type.__name__}",
        __base__=PushItemBase,
        __doc__=f"A pushed {kind} record.",
        kind=(Literal[kind], kind),  # type: ignore[valid-type]
        record=(record_type, ...),
    )


PushItem = Annotated[
    Union[tuple(_item_model(kind) for kind in PUSHED_KINDS)],  # type: ignore[valid-type]  # noqa: UP007
    Field(discriminator="kind"),
]


class PushBatch(BaseModel):
    """A node's batch: at most :data:`MAX_RECORDS` records of the pushed kinds."""

    model_config = ConfigDict(extra="forbid")

    records: list[PushItem] = Field(max_length=MAX_RECORDS)


class PushAnswer(BaseModel):
    """What became of the batch: new rows, rows replaced with new values, rows already held."""

    accepted: int
    replaced: int
    already_present: int
