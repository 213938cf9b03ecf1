"""Which record kinds a caller may read, and of which cameras: the API's one rule.

An **aggregate kind** is a kind of the statistics data class (GUIDEBOOK.md §1: not
personal information) that has no per-person field: no visit id, no visitor id. The
``analyst`` reads aggregate kinds only; trajectories and repeat visits (personal data,
one row per person's visit) are for the ``admin`` and the ``privacy_officer``, and each
read of them is audited. An analyst scoped to some cameras reads those cameras only;
kinds with no camera on their rows (runs) hold nothing within a camera scope.

>>> from privacam.server.access import Principal, Role
>>> analyst = Principal(name="aiko", role=Role.ANALYST)
>>> [kind for kind in ("line_counts", "trajectories", "repeat_visits", "repeat_windows")
...  if may_read_kind(analyst, RECORD_KINDS[kind])]
['line_counts', 'repeat_windows']
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from privacam.policy.spec import DataClass
from privacam.records import RECORD_KINDS, Record
from privacam.server.access import Principal, Role, camera_in_scope
from privacam.server.api.errors import forbidden, not_found

#: Fields that tie a row to one person's visit: a kind with any of them is per person.
PER_PERSON_FIELDS = frozenset({"visit_id", "visitor_id"})

#: Roles that read per-person kinds too.
PERSONAL_DATA_ROLES = frozenset({Role.ADMIN, Role.PRIVACY_OFFICER})


#: The ``{kind}`` path parameter: the kinds listed in the schema (so that clients and
#: schemathesis see them), any other name answered with a 404 that lists them.
KindPath = Annotated[
    str,
    Path(
        description="A record kind (privacam export --kind)",
        json_schema_extra={"enum": sorted(RECORD_KINDS)},
    ),
]


def is_aggregate(record_type: type[Record]) -> bool:
    """Statistics with nothing per person in them: what an analyst may read."""
    return record_type.data_class is DataClass.statistics and not (
        PER_PERSON_FIELDS & set(record_type.field_names())
    )


def may_read_kind(who: Principal, record_type: type[Record]) -> bool:
    return who.role in PERSONAL_DATA_ROLES or is_aggregate(record_type)


def readable_kind(who: Principal, kind: str) -> type[Record]:
    """The record class of ``kind``: 404 with the kinds listed when there is none, 403 when
    ``who`` may not read it (the analyst and a per-person kind)."""
    record_type = RECORD_KINDS.get(kind)
    if record_type is None:
        listed = ", ".join(sorted(RECORD_KINDS))
        raise not_found(
            f"記録の種類 {kind!r} はありません（{listed}）",
            f"unknown record kind {kind!r}; use one of: {listed}",
        )
    if not may_read_kind(who, record_type):
        raise forbidden(
            f"{kind} は個人ごとのデータです。分析担当は集計のみ閲覧できます",
            f"{kind} is per-person data; the analyst role reads aggregates only",
        )
    return record_type


def camera_scope(who: Principal, camera: str | None) -> frozenset[str] | None:
    """The cameras a read covers: the one asked for (403 outside the caller's scope), else
    the caller's scope (``None``: every camera)."""
    if camera is not None:
        camera_in_scope(who, camera)
        return frozenset({camera})
    return who.cameras
