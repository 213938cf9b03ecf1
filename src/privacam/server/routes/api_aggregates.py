"""``GET /api/v1/aggregates/{case}``: a case's statistics per group and window.

Counts per line, direction and class (④), visits per zone and zone transitions (②),
crowds per area (⑥), attribute tallies (①) and repeat-visit windows (③), as stored or
summed into hours or days (:mod:`privacam.store.rollups`). ``published=true`` gives what
the public may see: the folded cells go through ``export --published``'s suppression
(:func:`privacam.store.suppression.publish`) with the deployment's ``publication.k``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from privacam.policy.spec import Case
from privacam.records import Record
from privacam.server.access import Principal, Role, allow
from privacam.server.api.errors import BAD_REQUEST, NOT_FOUND, SIGNED_IN_ERRORS, not_found
from privacam.server.api.kinds import camera_scope
from privacam.server.api.models import AggregateSeriesOut, AggregatesOut
from privacam.server.api.windows import Camera, TimeWindow, time_window
from privacam.server.context import ServerContext, get_context
from privacam.store.record_pages import record_rows
from privacam.store.rollups import ROLLUPS, Rollup
from privacam.store.series import UNITS
from privacam.store.suppression import publish

router = APIRouter(prefix="/api/v1", tags=["aggregates"])

#: Each case's aggregate kinds. Case ⑤ (street imagery) keeps masked files, no statistics;
#: heatmap grids are drawn by the dashboard. A test holds this to the cases' registry.
CASE_AGGREGATES: dict[Case, tuple[str, ...]] = {
    Case.attributes: ("attribute_tallies",),
    Case.flow: ("flow_windows", "zone_transitions"),
    Case.repeat: ("repeat_windows",),
    Case.counting: ("line_counts", "zone_occupancy"),
    Case.crowd: ("crowd_intervals",),
}

Window = Literal["stored", "hour", "day"]
#: The dashboard's series buckets (:mod:`privacam.store.series`), or the windows as stored.
BUCKETS: dict[str, timedelta | None] = {"stored": None, **UNITS}


def case_kinds(case: str) -> tuple[str, ...]:
    kinds = CASE_AGGREGATES.get(Case(case)) if case in Case.__members__ else None
    if kinds is None:
        listed = ", ".join(c.value for c in CASE_AGGREGATES)
        raise not_found(
            f"ケース {case!r} の集計はありません（{listed}）",
            f"no aggregates for case {case!r}; use one of: {listed}",
        )
    return kinds


def _series(rollup: Rollup, records: list[Record], published_k: int | None) -> AggregateSeriesOut:
    if published_k is None:
        out = [record.to_dict() for record in records]
    else:
        out = publish(records, published_k)
    return AggregateSeriesOut(
        kind=rollup.record_type.kind,
        group=list(rollup.group),
        values=list(rollup.values),
        rows=out,
    )


@router.get(
    "/aggregates/{case}",
    response_model=AggregatesOut,
    responses={**SIGNED_IN_ERRORS, **NOT_FOUND, **BAD_REQUEST},
    summary="A case's statistics per group and window, exact or k-suppressed",
)
def read_aggregates(
    case: Annotated[
        str,
        Path(
            description="A case with statistics",
            json_schema_extra={"enum": [c.value for c in CASE_AGGREGATES]},
        ),
    ],
    who: Annotated[Principal, allow(Role.ADMIN, Role.ANALYST, Role.PRIVACY_OFFICER)],
    context: Annotated[ServerContext, Depends(get_context)],
    window: Annotated[TimeWindow, Depends(time_window)],
    camera: Camera = None,
    bucket: Annotated[
        Window, Query(description="stored windows, or sums per hour or day (local time)")
    ] = "stored",
    published: Annotated[
        bool, Query(description="Suppress small cells as `export --published` does")
    ] = False,
) -> AggregatesOut:
    kinds = case_kinds(case)
    cameras = camera_scope(who, camera)
    k = context.spec.publication.k if published else None
    series = []
    for kind in kinds:
        rollup = ROLLUPS[kind]
        rows = record_rows(
            context.store,
            rollup.record_type,
            cameras=cameras,
            since=window.since,
            until=window.until,
            time_field="window_start",  # a window counts where it starts, as in its bucket
        )
        folded = rollup.fold(rows, BUCKETS[bucket], context.spec.timezone)
        series.append(_series(rollup, folded, k))
    return AggregatesOut(case=case, window=bucket, published=published, k=k, series=series)
