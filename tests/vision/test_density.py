"""Density maps → one point per person, and the hybrid detector's scene rule, on synthetic data."""

from __future__ import annotations

import numpy as np
import pytest

from privacam.vision.density import (
    DENSITY_PERSON_SCORE,
    DensityCrowdConfig,
    DensityCrowdDetector,
    DensityMap,
    density_points,
    head_points,
    unit_gaussian,
)
from privacam.vision.density.hybrid import claim_heads, height_model, unexplained_mass
from privacam.vision.types import Detections


def crowd_map(points: list[tuple[int, int]], shape=(48, 64), sigma: float = 1.0) -> np.ndarray:
    """A density map of one unit-mass Gaussian per (x, y) cell, as training maps are made."""
    values = np.zeros(shape, dtype=np.float32)
    kernel = unit_gaussian(sigma)
    r = kernel.shape[0] // 2
    padded = np.pad(values, r)
    for x, y in points:
        padded[y : y + 2 * r + 1, x : x + 2 * r + 1] += kernel
    return padded[r:-r, r:-r].copy()


def test_density_points_put_one_point_on_each_person() -> None:
    people = [(5, 5), (20, 8), (40, 30), (60, 44), (12, 40)]
    points = density_points(crowd_map(people))
    assert len(points) == len(people)
    for x, y in people:
        assert np.hypot(*(points - [x, y]).T).min() < 0.5


def test_density_points_separate_people_two_cells_apart() -> None:
    points = density_points(crowd_map([(20, 20), (22, 20), (21, 23)]))
    assert len(points) == 3
    assert len({(round(x), round(y)) for x, y in points}) == 3


def test_density_points_stop_at_the_rounded_sum() -> None:
    values = crowd_map([(10, 10), (30, 10), (50, 10)])
    assert len(density_points(values * (2.4 / 3))) == 2
    assert len(density_points(values * (2.6 / 3))) == 3
    assert len(density_points(values, count=1)) == 1


def test_density_points_invent_nobody_on_an_empty_or_faint_map() -> None:
    assert density_points(np.zeros((48, 64), dtype=np.float32)).shape == (0, 2)
    faint = np.full((48, 64), 0.4 / (48 * 64), dtype=np.float32)  # 0.4 people in all
    assert len(density_points(faint)) == 0
    negative = np.full((8, 8), -1.0, dtype=np.float32)  # a model's negative noise is no one
    assert len(density_points(negative, count=3)) == 0


def test_density_points_handle_people_at_the_map_edge() -> None:
    points = density_points(crowd_map([(1, 1), (62, 46)]))  # kernels cut by the edge
    assert sorted(np.round(points).tolist()) == [[1.0, 1.0], [62.0, 46.0]]


def test_density_points_scale_to_a_dense_crowd() -> None:
    rng = np.random.default_rng(1)
    people = [(int(x), int(y)) for x, y in rng.integers(4, [124, 92], size=(300, 2))]
    values = crowd_map(people, shape=(96, 128))
    points = density_points(values)
    assert len(points) == round(float(values.sum())) == 300
    near = np.hypot(*(points[:, None, :] - np.array(people)[None]).transpose(2, 0, 1)).min(axis=1)
    assert np.median(near) < 1.0


def test_density_map_cells_map_back_to_frame_pixels() -> None:
    density = DensityMap(np.zeros((96, 128), dtype=np.float32), cell_wh=(8.0, 8.0))
    pixels = density.to_image(np.array([[0.0, 0.0], [127.0, 95.0]]))
    assert pixels.tolist() == [[4.0, 4.0], [1020.0, 764.0]]
    assert density.to_cells(pixels).tolist() == [[0.0, 0.0], [127.0, 95.0]]


# -- the hybrid detector, with a fake detector and a fake density model ----------------------


class FakeDetector:
    def __init__(self, full: Detections, per_tile: Detections | None = None) -> None:
        self.full, self.per_tile, self.calls = full, per_tile or Detections.empty(), 0

    def detect(self, image: np.ndarray) -> Detections:
        self.calls += 1
        if image.shape[:2] == (480, 640):
            return self.full
        return self.per_tile


class FakeDensity:
    def __init__(self, values: np.ndarray) -> None:
        self.map = DensityMap(values, cell_wh=(640 / values.shape[1], 480 / values.shape[0]))

    def estimate(self, image: np.ndarray) -> DensityMap:
        return self.map


FRAME = np.zeros((480, 640, 3), dtype=np.uint8)
#: three walkers, 200-240 px tall, as on TUD-Campus
WALKERS = Detections(
    xyxy=[[100, 150, 180, 390], [300, 170, 370, 380], [480, 160, 560, 380]],
    scores=[0.9, 0.8, 0.7],
    class_ids=[0, 0, 0],
)


def walkers_density() -> np.ndarray:
    """A map (cells of 8 px) with about two people's worth of mass on each walker's head."""
    heads = np.round(head_points(WALKERS.xyxy) / 8).astype(int)
    return crowd_map([(x, y) for x, y in heads for _ in range(2)], shape=(60, 80))


def test_sparse_scene_gives_exactly_the_confident_boxes() -> None:
    detector = DensityCrowdDetector(FakeDetector(WALKERS), FakeDensity(walkers_density()))
    found = detector.detect(FRAME)
    assert not detector.last_scene.dense
    assert found.xyxy.tolist() == WALKERS.xyxy.tolist()
    assert found.landmarks.shape == (3, 1, 2)
    assert np.allclose(found.landmarks[:, 0], head_points(WALKERS.xyxy))


def test_sparse_scene_runs_no_tiles() -> None:
    fake = FakeDetector(WALKERS)
    DensityCrowdDetector(fake, FakeDensity(walkers_density())).detect(FRAME)
    assert fake.calls == 1


def test_dense_scene_adds_density_people_where_no_box_stands() -> None:
    rng = np.random.default_rng(0)
    far = [(int(x), int(y)) for x, y in rng.integers([2, 2], [78, 12], size=(25, 2))]
    values = walkers_density() + crowd_map(far, shape=(60, 80))
    detector = DensityCrowdDetector(FakeDetector(WALKERS), FakeDensity(values))
    found = detector.detect(FRAME)
    scene = detector.last_scene
    assert scene.dense and scene.boxes == 3
    assert scene.density_people == 25  # the walkers' heads are claimed by their boxes
    assert len(found) == 28 and (found.class_ids == 0).all()
    extra = found[found.scores == DENSITY_PERSON_SCORE]
    assert len(extra) == 25
    heads = extra.landmarks[:, 0]
    assert (heads[:, 1] < 12 * 8 + 8).all()
    feet = extra.anchors("bottom_center")
    assert (feet[:, 1] > heads[:, 1]).all()  # each stands below its head


def test_dense_scene_also_looks_at_tiles_with_the_lower_score() -> None:
    small = Detections(xyxy=[[10, 10, 20, 40]], scores=[0.25], class_ids=[0])
    values = walkers_density() + crowd_map([(x, 2) for x in range(5, 75, 5)], shape=(60, 80))
    fake = FakeDetector(WALKERS, per_tile=small)
    detector = DensityCrowdDetector(fake, FakeDensity(values), tile_size=320)
    found = detector.detect(FRAME)
    assert detector.last_scene.dense
    assert fake.calls == 1 + detector.last_scene.tiles
    assert any(box.tolist() == [10, 10, 20, 40] for box in found.xyxy)


def test_empty_frame_gives_nobody() -> None:
    detector = DensityCrowdDetector(
        FakeDetector(Detections.empty()), FakeDensity(np.zeros((60, 80), dtype=np.float32))
    )
    found = detector.detect(FRAME)
    assert len(found) == 0 and not detector.last_scene.dense


def test_a_box_claims_the_density_on_its_head_and_its_head_point_moves_there() -> None:
    box = np.array([[100.0, 100.0, 180.0, 300.0]], dtype=np.float32)
    values = crowd_map([(18, 14)], shape=(60, 80))  # head at pixel (148, 116)
    density = DensityMap(values, cell_wh=(8.0, 8.0))
    heads, residual = claim_heads(density, box, head_region=0.3, min_head_mass=0.3)
    assert residual.sum() < 0.05
    assert np.allclose(heads[0], [148.0, 116.0], atol=1.0)
    assert unexplained_mass(density, box) < 0.05


def test_person_height_grows_down_the_frame_and_falls_back_without_boxes() -> None:
    model = height_model(WALKERS.xyxy, fallback=120.0)
    assert model(np.array([100.0])).item() <= model(np.array([200.0])).item()
    assert height_model(np.zeros((0, 4)), fallback=120.0)(np.array([5.0])).tolist() == [120.0]


def test_density_crowd_config_rejects_inverted_scores() -> None:
    with pytest.raises(ValueError, match="dense_score"):
        DensityCrowdConfig(sparse_score=0.2, dense_score=0.4)


def test_dense_frame_searches_only_the_tiles_with_unexplained_people() -> None:
    rng = np.random.default_rng(2)
    # 25 far people in the top-left corner only: cells x < 30, y < 12 (pixels < 240, < 96)
    far = [(int(x), int(y)) for x, y in rng.integers([2, 2], [28, 11], size=(25, 2))]
    values = walkers_density() + crowd_map(far, shape=(60, 80))
    fake = FakeDetector(WALKERS)
    detector = DensityCrowdDetector(fake, FakeDensity(values), tile_size=320)
    detector.detect(FRAME)
    every = detector.tiler.tiles(480, 640)
    assert detector.last_scene.dense
    assert 1 <= detector.last_scene.tiles < len(every)
    assert fake.calls == 1 + detector.last_scene.tiles
