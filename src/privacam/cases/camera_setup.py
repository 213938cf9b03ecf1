"""What a case analyser takes from a camera's entry: its zones and its image → floor mapping."""

from __future__ import annotations

import logging
from pathlib import Path

from privacam.cases.floor import FloorMap, read_floor_plan
from privacam.policy.spec import Camera, Deployment
from privacam.vision.geometry import PolygonZone

log = logging.getLogger(__name__)


def zones_of(camera: Camera) -> list[PolygonZone]:
    return [PolygonZone(z.polygon, name=z.name) for z in camera.zones]


def floor_map_of(
    spec: Deployment, camera: Camera, base_dir: Path | None, *, required: bool
) -> FloorMap | None:
    """The camera's floor map; None (with a warning) when it has no floor points and the
    case can draw on the image's own grid instead."""
    pairs = camera.floor_points
    if not pairs and not required:
        log.warning(
            "camera %s has no floor_points: the heatmap grid lies over the image, "
            "on a blank canvas",
            camera.id,
        )
        return None
    image_points, floor_points = [p.image for p in pairs], [p.floor for p in pairs]
    # The points first: a bad homography is the error to fix whatever the plan.
    FloorMap.build(image_points, floor_points, camera_id=camera.id)
    # A plan named but unreadable is an error, not a blank canvas: floor points are in the
    # plan's pixels, and without its size every one would fall outside an empty map.
    plan = read_floor_plan(spec.site.floor_plan, base_dir) if spec.site.floor_plan else None
    return FloorMap.build(
        image_points,
        floor_points,
        plan=plan,
        plan_size_m=spec.site.floor_plan_size_m,
        camera_id=camera.id,
    )
