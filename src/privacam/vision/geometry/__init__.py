"""Image geometry: polygon zones, directed counting lines, image → floor homography."""

from privacam.vision.geometry.homography import FloorHomography
from privacam.vision.geometry.lines import CountingLine, Direction
from privacam.vision.geometry.zones import PolygonZone, points_in_polygon

__all__ = [
    "CountingLine",
    "Direction",
    "FloorHomography",
    "PolygonZone",
    "points_in_polygon",
]
