"""People in sparse and dense scenes alike: detector boxes where they work, density elsewhere.

A person detector is exact while people are apart and large; in a dense crowd
heads are a few pixels wide and bodies hidden, and it misses most of them. A
density model counts those, but over-counts sparse scenes (textures, large
heads read as several small ones). :class:`DensityCrowdDetector` decides per
frame, then per area:

1. The detector runs on the full frame and the density model on the frame.
2. **Scene.** The density mass outside every confident detector box
   (score ≥ ``sparse_score``) is what the detector cannot explain. Below
   ``dense_residual`` people the frame is *sparse* and the confident boxes are
   the answer. (Chosen on the ShanghaiTech B sample and all 71 TUD-Campus
   frames, benchmarks/README.md: with MCNN at scale 0.6 that mass is at most
   5.7 on TUD, a sparse scene, and at least 13.8 on the five dense street
   images.)
3. **Dense frame, per area.** The detector also runs, at the lower
   ``dense_score``, on the overlapping tiles where at least ``tile_mass``
   people's worth of density is unexplained (the small, far people; a tile the
   full frame explains is skipped). Each person box, largest first, claims the
   density in its head region, so the density model counts only where no box
   stands; the unclaimed density becomes points
   (:func:`~privacam.vision.density.points.density_points`), one per person.

Every person comes out as a box of class 0 (person) with a one-point landmark,
the head. A density person's box is estimated below its head from the heights
of the frame's confident boxes (linear in image height, as on a flat floor),
so its bottom centre is where it stands, like a detected person's; it scores
``DENSITY_PERSON_SCORE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from privacam.vision.boxes import clip_boxes
from privacam.vision.density.maps import DensityMap
from privacam.vision.density.points import density_points
from privacam.vision.detectors.base import Detector, check_image
from privacam.vision.detectors.tiling import TiledDetector
from privacam.vision.types import Detections

PERSON = 0
#: The head centre lies about a tenth of a standing person's height below the box top.
HEAD_OFFSET = 0.1
#: A standing person's box is about 0.4 times as wide as it is tall.
BODY_ASPECT = 0.4
#: A head is about 1/7.5 of a person's height (the fallback when no box gives a scale).
HEADS_PER_BODY = 7.5
#: Score of a person found by the density model: enough for the crowd tracker to follow.
DENSITY_PERSON_SCORE = 0.5


class DensityEstimator(Protocol):
    """Anything that turns a BGR uint8 frame into a :class:`DensityMap`."""

    def estimate(self, image: np.ndarray) -> DensityMap: ...


@dataclass(frozen=True, slots=True)
class DensityCrowdConfig:
    """The thresholds of :class:`DensityCrowdDetector` (see the module docstring)."""

    sparse_score: float = 0.4  # a box this confident is a person in a sparse scene
    dense_score: float = 0.15  # ... and this one in a dense scene, where people score low
    dense_residual: float = 10.0  # people's worth of density no box explains: dense
    head_region: float = 0.3  # a box claims the density from its top down this share of it
    min_head_mass: float = 0.3  # a box's head point moves to the density it claims, if this much
    sigma: float = 1.0  # density map cells: the kernel one person is subtracted as
    tile_mass: float = 1.0  # a dense frame's tile is searched if a person is unexplained there

    def __post_init__(self) -> None:
        if not 0 < self.dense_score <= self.sparse_score <= 1:
            raise ValueError("DensityCrowdConfig needs 0 < dense_score <= sparse_score <= 1")
        if self.dense_residual < 0 or self.head_region <= 0 or self.sigma <= 0:
            raise ValueError("DensityCrowdConfig: residual, head region and sigma must be > 0")


@dataclass(frozen=True, slots=True)
class CrowdScene:
    """What the last frame was judged to be, and why (for benchmarks and logs)."""

    dense: bool
    unexplained: float  # density mass outside the confident boxes
    boxes: int  # persons from the detector
    density_people: int  # persons from the density map
    tiles: int = 0  # tiles the detector searched


def head_points(xyxy: np.ndarray) -> np.ndarray:
    """``(N, 2)`` estimated head centres of person boxes.

    >>> head_points(np.array([[10.0, 20.0, 50.0, 120.0]])).tolist()
    [[30.0, 30.0]]
    """
    xyxy = np.asarray(xyxy, dtype=np.float64).reshape(-1, 4)
    height = xyxy[:, 3] - xyxy[:, 1]
    return np.stack([(xyxy[:, 0] + xyxy[:, 2]) / 2, xyxy[:, 1] + HEAD_OFFSET * height], axis=1)


def height_model(boxes: np.ndarray, fallback: float):
    """Person height (pixels) as a function of head y, fitted on ``boxes`` (N, 4).

    On a flat floor seen by a level camera, apparent height grows linearly with
    image row. Fewer than three boxes, or a fit that does not grow downwards,
    fall back to their median height (or ``fallback`` when there are none).
    Heights stay within what the boxes show (down to ``fallback`` for far heads).

    >>> model = height_model(np.array([[0, 100, 10, 150], [0, 200, 10, 300], [0, 300, 10, 450]]), 9)
    >>> model(np.array([105.0, 210.0, 600.0])).round().tolist()
    [50.0, 100.0, 150.0]
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    heights = boxes[:, 3] - boxes[:, 1]
    if len(boxes) == 0:
        return lambda y: np.full(len(y), float(fallback))
    low, high = float(heights.min()), float(heights.max())
    heads_y = head_points(boxes)[:, 1]
    if len(boxes) >= 3 and np.ptp(heads_y) > 0:
        slope, intercept = np.polyfit(heads_y, heights, 1)
        if slope > 0:
            floor = min(low, float(fallback))
            return lambda y: np.clip(slope * np.asarray(y) + intercept, floor, high)
    median = float(np.median(heights))
    return lambda y: np.full(len(y), median)


def boxes_below_heads(heads: np.ndarray, heights: np.ndarray, width: int, height: int):
    """``(N, 4)`` person boxes whose head centre is ``heads`` (N, 2), ``heights`` tall."""
    h = np.asarray(heights, dtype=np.float64)
    top = heads[:, 1] - HEAD_OFFSET * h
    half = BODY_ASPECT * h / 2
    boxes = np.stack([heads[:, 0] - half, top, heads[:, 0] + half, top + h], axis=1)
    return clip_boxes(boxes, (height, width))


def _cell_span(low: float, high: float, cell: float, cells: int) -> slice:
    return slice(max(0, int(np.floor(low / cell))), max(0, min(cells, int(np.ceil(high / cell)))))


def unexplained_density(density: DensityMap, boxes: np.ndarray) -> np.ndarray:
    """The density map with every box's cells zeroed: people the boxes do not account for."""
    values = density.values.copy()
    cells_h, cells_w = values.shape
    cw, ch = density.cell_wh
    for x0, y0, x1, y1 in np.asarray(boxes, dtype=np.float64).reshape(-1, 4):
        values[_cell_span(y0, y1, ch, cells_h), _cell_span(x0, x1, cw, cells_w)] = 0
    return values


def unexplained_mass(density: DensityMap, boxes: np.ndarray) -> float:
    """The density mass outside every box."""
    return float(unexplained_density(density, boxes).sum(dtype=np.float64))


def windows_with_people(
    density: DensityMap, values: np.ndarray, windows: list[tuple[int, int, int, int]], mass: float
) -> list[tuple[int, int, int, int]]:
    """The (x0, y0, x1, y1) windows holding at least ``mass`` people's worth of ``values``."""
    cells_h, cells_w = values.shape
    cw, ch = density.cell_wh
    return [
        (x0, y0, x1, y1)
        for x0, y0, x1, y1 in windows
        if values[_cell_span(y0, y1, ch, cells_h), _cell_span(x0, x1, cw, cells_w)].sum() >= mass
    ]


def claim_heads(
    density: DensityMap, boxes: np.ndarray, *, head_region: float, min_head_mass: float
) -> tuple[np.ndarray, np.ndarray]:
    """Let each box, largest first, take the density around its head.

    Returns the boxes' head points (moved to the centroid of the density they
    claimed when it is at least ``min_head_mass``) and the density left over.
    """
    residual = density.values.copy()
    heads = head_points(boxes)
    cells_h, cells_w = residual.shape
    cw, ch = density.cell_wh
    box_heights = boxes[:, 3] - boxes[:, 1]
    for i in np.argsort(-box_heights, kind="stable"):
        x0, y0, x1, _ = boxes[i]
        rows = _cell_span(
            y0 - 0.05 * box_heights[i], y0 + head_region * box_heights[i], ch, cells_h
        )
        cols = _cell_span(x0, x1, cw, cells_w)
        region = residual[rows, cols]
        mass = float(region.sum(dtype=np.float64))
        if mass >= min_head_mass:
            ys, xs = np.mgrid[rows, cols]
            centroid = np.array([(xs * region).sum(), (ys * region).sum()]) / mass
            heads[i] = density.to_image(centroid)[0]
        region[...] = 0
    return heads, residual


class DensityCrowdDetector:
    """Persons in any crowd: ``detector`` boxes in sparse scenes, plus density where dense.

    ``detector`` finds persons (class 0) on a whole image at a score threshold
    no higher than ``config.dense_score``; ``density`` is a density model
    (:class:`~privacam.vision.density.models.MCNNDensity`). ``tile_size``
    tiles the frame for the detector's second look in dense frames.
    """

    def __init__(
        self,
        detector: Detector,
        density: DensityEstimator,
        config: DensityCrowdConfig | None = None,
        *,
        tile_size: tuple[int, int] | int = (320, 320),
        tile_overlap: float = 0.25,
        merge_nms_iou: float = 0.5,
    ) -> None:
        self.detector = detector
        self.density = density
        self.config = config or DensityCrowdConfig()
        self.tiler = TiledDetector(
            detector, tile_size, tile_overlap, include_full_frame=False, nms_iou=merge_nms_iou
        )
        self.last_scene: CrowdScene | None = None

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        config = self.config
        height, width = image.shape[:2]
        full = self._persons(self.detector.detect(image))
        density = self.density.estimate(image)
        confident = full[full.scores >= config.sparse_score]
        unexplained_map = unexplained_density(density, confident.xyxy)
        unexplained = float(unexplained_map.sum(dtype=np.float64))
        if unexplained < config.dense_residual:
            self.last_scene = CrowdScene(False, unexplained, len(confident), 0)
            return _with_heads(confident, head_points(confident.xyxy))
        # Tiles find the small people; a tile whose people the full frame explains is skipped.
        windows = windows_with_people(
            density, unexplained_map, self.tiler.tiles(height, width), config.tile_mass
        )
        tiles = self.tiler.tile_detections(image, windows)
        boxes = self._persons(self.tiler.merge([full, *tiles]))
        boxes = boxes[boxes.scores >= config.dense_score]
        heads, residual = claim_heads(
            density,
            boxes.xyxy,
            head_region=config.head_region,
            min_head_mass=config.min_head_mass,
        )
        cells = density_points(residual, sigma=config.sigma)
        extra_heads = density.to_image(cells)
        fallback = HEADS_PER_BODY * 2 * density.cell_wh[1]  # a head spans about two cells
        heights = height_model(confident.xyxy, fallback)(extra_heads[:, 1])
        extra = Detections(
            xyxy=boxes_below_heads(extra_heads, heights, width, height),
            scores=np.full(len(extra_heads), DENSITY_PERSON_SCORE, dtype=np.float32),
            class_ids=np.full(len(extra_heads), PERSON),
        )
        self.last_scene = CrowdScene(True, unexplained, len(boxes), len(extra), len(windows))
        return _with_heads(
            Detections.merge([boxes, extra]) if len(extra) else boxes,
            np.concatenate([heads, extra_heads]),
        )

    @staticmethod
    def _persons(found: Detections) -> Detections:
        people = found[found.class_ids == PERSON]
        return Detections(people.xyxy, people.scores, people.class_ids)


def _with_heads(people: Detections, heads: np.ndarray) -> Detections:
    return Detections(
        xyxy=people.xyxy,
        scores=people.scores,
        class_ids=people.class_ids,
        landmarks=np.asarray(heads, dtype=np.float32).reshape(-1, 1, 2),
    )
