"""Image geometry: polygon zones, directed counting lines, image → floor homography."""

from privacam.vision.geometry.homography import FloorHomography
from privacam.vision.geometry.lines import CountingLine, LineCounter, LineCrossing
from privacam.vision.geometry.zones import PolygonZone, points_in_polygon

__all__ = [
    "CountingLine",
    "FloorHomography",
    "LineCounter",
    "LineCrossing",
    "PolygonZone",
    "points_in_polygon",
]
