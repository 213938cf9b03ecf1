"""Case ②: visits with random ids, dwell and transitions, window statistics, heatmaps."""

from __future__ import annotations

import uuid
from datetime import timedelta

import cv2
import numpy as np
import pytest

from privacam.cases.base import CaseOutputs
from privacam.cases.floor import FloorMap
from privacam.cases.flow import FlowAnalyzer, draw_heatmap
from privacam.records import FlowWindow, HeatmapWindow, Trajectory, ZoneTransitionCount
from privacam.vision.geometry import PolygonZone
from privacam.vision.icons import BACKGROUND
from privacam.vision.tracking import ByteTrackConfig, ByteTracker

from .scenes import TOKYO, Scene, detections

ZONE_A = PolygonZone([(0, 0), (320, 0), (320, 480), (0, 480)], name="A")
ZONE_B = PolygonZone([(320, 0), (640, 0), (640, 480), (320, 480)], name="B")
CORNERS = [(0, 0), (640, 0), (640, 480), (0, 480)]
FLOOR_M = [(0, 0), (6.4, 0), (6.4, 4.8), (0, 4.8)]  # 1 image pixel = 1 cm of floor


def floor_map(plan=None) -> FloorMap:
    return FloorMap.build(
        CORNERS,
        FLOOR_M
        if plan is None
        else [(0, 0), (plan.shape[1], 0), (plan.shape[1], plan.shape[0]), (0, plan.shape[0])],
        plan=plan,
    )


def analyser(tmp_path, **kw) -> FlowAnalyzer:
    kw.setdefault("window", timedelta(hours=1))
    return FlowAnalyzer(
        "cam", [ZONE_A, ZONE_B], floor_map(), CaseOutputs(tmp_path), zone=TOKYO, **kw
    )


def stroll(scene: Scene) -> None:
    """2 s standing in A at x=255, 1.5 s walking to x=405 (in B from x=325 at 2.6 s), 3 s in B."""
    scene.play(detections([(255, 400)]) for _ in range(20))
    scene.play(detections([(x, 400)]) for x in np.linspace(255, 405, 16)[1:])
    scene.play(detections([(405, 400)]) for _ in range(30))


def test_dwell_and_transitions_of_one_visit(tmp_path):
    scene = Scene(analyser(tmp_path))
    stroll(scene)
    scene.idle(4)  # the track ends: the visit ends
    (visit,) = scene.of(Trajectory)
    assert visit.dwell_s == {"A": pytest.approx(2.6), "B": pytest.approx(3.8)}
    assert visit.transitions == ((pytest.approx(2.6), "A", "B"),)
    assert (visit.ended_at - visit.started_at).total_seconds() == pytest.approx(6.4)
    # Image and floor paths: the homography maps 100 px to 1 m.
    assert visit.image_points[0] == (0.0, 255.0, 400.0)
    assert visit.floor_points[0] == pytest.approx((0.0, 2.55, 4.0))
    assert visit.floor_points[-1] == pytest.approx((6.4, 4.05, 4.0))


def test_visit_ids_are_random_uuid4_and_differ_across_visits_of_one_person(tmp_path):
    scene = Scene(analyser(tmp_path))
    stroll(scene)
    scene.idle(4)
    stroll(scene)  # the same person, same path, again
    scene.idle(4)
    visits = scene.of(Trajectory)
    assert len(visits) == 2
    ids = [uuid.UUID(v.visit_id) for v in visits]
    assert all(i.version == 4 for i in ids) and ids[0] != ids[1]
    assert visits[0].dwell_s == pytest.approx(visits[1].dwell_s)


def test_visit_timeout_ends_a_visit_the_tracker_keeps(tmp_path):
    scene = Scene(analyser(tmp_path, visit_timeout=timedelta(seconds=1)))
    scene.tracker = ByteTracker(ByteTrackConfig(lost_frames=1000))
    scene.play(detections([(250, 400)]) for _ in range(5))
    scene.idle(0.5)
    assert scene.of(Trajectory) == []
    scene.idle(1)
    assert len(scene.of(Trajectory)) == 1


def test_window_statistics_and_heatmap_grid(tmp_path):
    scene = Scene(analyser(tmp_path))
    stroll(scene)
    scene.idle(4)
    stroll(scene)
    scene.close()
    flows = {r.zone: r for r in scene.of(FlowWindow)}
    assert flows["A"].visits == 2 and flows["A"].total_dwell_s == pytest.approx(5.2)
    assert flows["B"].visits == 2 and flows["B"].total_dwell_s == pytest.approx(7.6)
    assert flows["all"].visits == 2 and flows["all"].mean_dwell_s == pytest.approx(6.4)
    (moves,) = scene.of(ZoneTransitionCount)
    assert (moves.from_zone, moves.to_zone, moves.count) == ("A", "B", 2)
    (heat,) = scene.of(HeatmapWindow)
    # Bounds: floor points with a 25 % margin, 1 m cells → 10 x 8; the path runs along
    # y = 4 m from x = 2.55 to 4.05 m: cells (row 5, cols 4 and 5), each passed by 2 visits.
    assert (heat.rows, heat.cols) == (8, 10)
    grid = np.array(heat.counts)
    assert {(int(r), int(c)) for r, c in zip(*np.nonzero(grid), strict=True)} == {(5, 4), (5, 5)}
    assert grid[5, 4] == grid[5, 5] == 2


def test_heatmap_png_is_drawn_from_the_canvas_only(tmp_path):
    a = analyser(tmp_path)
    scene = Scene(a)
    stroll(scene)
    scene.close()
    (path,) = tmp_path.glob("heatmap_cam_*.png")
    assert path.name.startswith("heatmap_cam_20260401T1007")
    image = cv2.imread(str(path))
    assert image.shape == (480, 640, 3)
    # Blank canvas + one colour per count level (one here): nothing else can be in it.
    colours = {tuple(c) for c in image.reshape(-1, 3).tolist()}
    assert tuple(BACKGROUND) in colours and len(colours) == 2
    (heat,) = scene.of(HeatmapWindow)
    again = draw_heatmap(a.floor, a.grid, np.array(heat.counts))
    assert np.array_equal(image, again)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file


def test_heatmap_on_a_floor_plan_keeps_the_plan_outside_the_cells(tmp_path):
    plan = np.zeros((300, 400, 3), np.uint8)
    plan[:] = (40, 200, 90)
    cv2.rectangle(plan, (50, 50), (350, 250), (0, 0, 0), 3)
    floor = floor_map(plan)
    counts = np.zeros((4, 4), dtype=np.int64)
    counts[1, 2] = 3
    from privacam.cases.flow import HeatmapGrid

    grid = HeatmapGrid(floor.floor_bounds, 100.0)
    image = draw_heatmap(floor, grid, counts)
    base = floor.canvas
    changed = np.any(image != base, axis=2)
    ys, xs = np.nonzero(changed)
    # Only the one cell (plan x 200..300, y 100..200) changed, at the canvas scale of 1.6.
    assert xs.min() >= 200 * 1.6 - 1 and xs.max() <= 300 * 1.6 + 1
    assert ys.min() >= 100 * 1.6 - 1 + 0 and ys.max() <= 200 * 1.6 + 1


def test_gap_ends_visits_and_splits_windows(tmp_path):
    scene = Scene(analyser(tmp_path))
    scene.play(detections([(250, 400)]) for _ in range(10))
    gap_start = scene.now
    records = scene.analyser.gap(gap_start, gap_start + timedelta(minutes=5)).records
    assert [type(r).__name__ for r in records].count("Trajectory") == 1
    assert {r.window_end for r in records if isinstance(r, FlowWindow)} == {gap_start}


def test_without_floor_points_the_grid_lies_over_the_image(tmp_path):
    a = FlowAnalyzer(
        "cam", [ZONE_A], None, CaseOutputs(tmp_path), window=timedelta(hours=1), zone=TOKYO
    )
    scene = Scene(a)
    scene.play(detections([(100, 400)]) for _ in range(5))
    scene.idle(4)
    scene.close()
    (visit,) = scene.of(Trajectory)
    assert visit.floor_points == () and visit.image_points[0] == (0.0, 100.0, 400.0)
    (heat,) = scene.of(HeatmapWindow)
    assert sum(map(sum, heat.counts)) == 1


def test_dropping_the_open_window_drops_its_statistics_not_the_visits(tmp_path):
    scene = Scene(analyser(tmp_path))
    scene.play(detections([(250, 400)]) for _ in range(10))
    records = scene.close(keep=False)
    assert [type(r).__name__ for r in records] == ["Trajectory"]
    assert list(tmp_path.glob("heatmap_*.png")) == []
