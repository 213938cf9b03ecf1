"""Whether a zone's outline is a simple polygon: it has an area and never crosses itself.

Zones are drawn by hand as a few corners in image pixels; an outline that crosses
itself (corners listed out of order) has no clear inside, so occupancy would count
the wrong people. A pairwise segment test is enough for outlines of a few dozen
corners, and keeps the policy layer free of a geometry library.

>>> problem_of([(0, 0), (10, 0), (10, 10), (0, 10)]) is None
True
>>> problem_of([(0, 0), (10, 10), (10, 0), (0, 10)])  # a bow tie
'crosses'
"""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _within_box(p: Point, q: Point, r: Point) -> bool:
    """Whether ``q`` lies in the bounding box of segment ``pr`` (for collinear points)."""
    return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])


def segments_intersect(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether segments ``ab`` and ``cd`` share at least one point (touching counts)."""
    d1, d2 = _sign(_cross(c, d, a)), _sign(_cross(c, d, b))
    d3, d4 = _sign(_cross(a, b, c)), _sign(_cross(a, b, d))
    if d1 * d2 < 0 and d3 * d4 < 0:  # each segment's ends lie on both sides of the other
        return True
    return (
        (d1 == 0 and _within_box(c, a, d))
        or (d2 == 0 and _within_box(c, b, d))
        or (d3 == 0 and _within_box(a, c, b))
        or (d4 == 0 and _within_box(a, d, b))
    )


def area(polygon: Sequence[Point]) -> float:
    """The absolute area of a closed outline (shoelace formula)."""
    total = 0.0
    for index, (x1, y1) in enumerate(polygon):
        x2, y2 = polygon[(index + 1) % len(polygon)]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def crossing_edges(polygon: Sequence[Point]) -> tuple[int, int] | None:
    """The first two edges (0-based, edge ``i`` runs from corner ``i`` to ``i + 1``) that
    cross or overlap, or None when the outline is simple."""
    count = len(polygon)
    edges = [(polygon[i], polygon[(i + 1) % count]) for i in range(count)]
    for i in range(count):
        for j in range(i + 1, count):
            (a, b), (c, d) = edges[i], edges[j]
            if j == i + 1 or (i == 0 and j == count - 1):
                # Neighbours share a corner; they overlap only when one doubles back on the other.
                shared, before, after = (b, a, d) if j == i + 1 else (a, b, c)
                doubles_back = _cross(before, shared, after) == 0 and (
                    (shared[0] - before[0]) * (after[0] - shared[0])
                    + (shared[1] - before[1]) * (after[1] - shared[1])
                    < 0
                )
                if doubles_back:
                    return i, j
                continue
            if segments_intersect(a, b, c, d):
                return i, j
    return None


def problem_of(polygon: Sequence[Point]) -> str | None:
    """Why ``polygon`` is not a simple outline (``repeated``, ``crosses``, ``flat``), or None."""
    count = len(polygon)
    if any(polygon[i] == polygon[(i + 1) % count] for i in range(count)):
        return "repeated"
    if crossing_edges(polygon) is not None:
        return "crosses"
    if area(polygon) == 0:
        return "flat"
    return None
