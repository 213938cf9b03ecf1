"""Case ⑥'s public congestion information: each area's newest window, k-suppressed.

Every area the deployment defines (each camera's whole view, ``"all"``, and each of its
zones) is listed, with the newest :class:`~privacam.records.CrowdInterval` stored for it
in the last :data:`RECENT` (none: "no data"). Counts go through
:func:`privacam.store.suppression.publish`, the rules of ``export --published``: a
moving or still count from 1 to k−1 is shown as suppressed, never its value; the total
is shown only when both of its parts are. The congestion level is the record's (how
many of ``case_settings.crowd.congestion_thresholds`` the mean count reached), named
on a four-step scale.

Published only by a crowd deployment that says it publishes aggregates
(``publication.publishes_aggregates``): the notice tells the public so.

>>> level_names(3)[2], level_names(1)[1]
(('混雑', 'Crowded'), ('大変混雑', 'Very crowded'))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Case, CrowdSettings, Deployment
from privacam.records import CrowdInterval
from privacam.store import Store
from privacam.store.newest_per_key import newest_per_key
from privacam.store.suppression import publish

#: A window older than this is not "current" congestion: its area shows no data.
RECENT = timedelta(hours=24)
ALL_AREAS = "all"  # the crowd case's name for a camera's whole view
#: The scale levels are named on, calm to very crowded.
SCALE = (
    ("空いています", "Not crowded"),
    ("やや混雑", "Somewhat crowded"),
    ("混雑", "Crowded"),
    ("大変混雑", "Very crowded"),
)


class NotPublished(Exception):
    """This deployment publishes no congestion information; the message says why (ja / en)."""


def level_names(thresholds: int) -> list[tuple[str, str]]:
    """Names of levels 0..``thresholds`` on :data:`SCALE`: calm first, the top one last."""
    if thresholds == 0:
        return [SCALE[0]]
    top = len(SCALE) - 1
    return [SCALE[round(level * top / thresholds)] for level in range(thresholds + 1)]


def congestion_levels(spec: Deployment) -> list[dict[str, Any]]:
    """Each level with its name and the people counts it spans (``to`` None: and more)."""
    settings = spec.case_settings.crowd or CrowdSettings()  # a case runs on its defaults
    thresholds = list(settings.congestion_thresholds)
    bounds = [0, *thresholds]
    names = level_names(len(thresholds))
    return [
        {
            "level": level,
            "ja": names[level][0],
            "en": names[level][1],
            "tone": SCALE.index(names[level]),
            "from": bounds[level],
            "to": bounds[level + 1] - 1 if level + 1 < len(bounds) else None,
        }
        for level in range(len(bounds))
    ]


def require_published(spec: Deployment) -> None:
    if spec.case is not Case.crowd:
        raise NotPublished(
            "このカメラは混雑状況を公開していません / this deployment has no congestion "
            f"information (its case is {spec.case.value}, not crowd)"
        )
    if not spec.publication.publishes_aggregates:
        raise NotPublished(
            "混雑状況は公開されていません（publication.publishes_aggregates） / congestion "
            "information is not published (publication.publishes_aggregates is false)"
        )


@dataclass(frozen=True)
class Area:
    camera_id: str
    area: str
    label: LocalizedText | None  # None for a camera's whole view
    camera: LocalizedText  # what the camera sees


def deployment_areas(spec: Deployment) -> list[Area]:
    return [
        area
        for camera in spec.cameras
        for area in [
            Area(camera.id, ALL_AREAS, None, camera.field_of_view),
            *(Area(camera.id, z.name, z.label, camera.field_of_view) for z in camera.zones),
        ]
    ]


def _texts(text: LocalizedText | None, ja: str, en: str) -> dict[str, str]:
    return {"ja": text.ja, "en": text.en} if text is not None else {"ja": ja, "en": en}


def _area_entry(area: Area, row: dict[str, Any] | None, levels: list[dict]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "camera_id": area.camera_id,
        "area": area.area,
        "label": _texts(area.label, "カメラの範囲全体", "Whole camera view"),
        "camera": _texts(area.camera, "", ""),
    }
    if row is None:
        empty = ("window_start", "window_end", "moving", "still", "total", "congestion_level")
        return {**entry, **dict.fromkeys(empty), "suppressed": False}
    shown = row["moving"] is not None and row["still"] is not None
    level = min(row["congestion_level"], len(levels) - 1)
    return {
        **entry,
        "window_start": row["window_start"].isoformat(),
        "window_end": row["window_end"].isoformat(),
        "moving": row["moving"],
        "still": row["still"],
        "total": row["moving"] + row["still"] if shown else None,
        "suppressed": row["suppressed"],
        "congestion_level": level,
    }


def congestion_feed(spec: Deployment, store: Store, now: datetime) -> dict[str, Any]:
    """The feed's document: every area, its newest recent window, counts k-suppressed."""
    require_published(spec)
    k = spec.publication.k
    newest = newest_per_key(store, CrowdInterval, ("camera_id", "area"), since=now - RECENT)
    rows = {(row["camera_id"], row["area"]): row for row in publish(newest, k)}
    levels = congestion_levels(spec)
    shown = deployment_areas(spec)
    areas = [_area_entry(area, rows.get((area.camera_id, area.area)), levels) for area in shown]
    keys = [(area.camera_id, area.area) for area in shown]
    ends = [rows[key]["window_end"] for key in keys if key in rows]
    return {
        "site": _texts(spec.site.name, "", ""),
        "k": k,
        "updated": max(ends).isoformat() if ends else None,
        "levels": levels,
        "areas": areas,
    }
