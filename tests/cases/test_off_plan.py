"""Cases ② and ⑥ on a floor plan that does not hold every position: counted, reported, and
never stored as a grid of zeros."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from privacam.cases.base import CaseOutputs
from privacam.cases.crowd import CrowdAnalyzer
from privacam.cases.floor import FloorMap
from privacam.cases.flow import FlowAnalyzer
from privacam.records import FlowWindow, HeatmapWindow

from .scenes import TOKYO, Scene, detections

CORNERS = [(0, 0), (640, 0), (640, 480), (0, 480)]
#: A 400 x 300 plan of which the camera sees four times the area: image x > 200 or
#: y > 150 lands off the plan (floor = 2 x image pixels).
PLAN = np.full((300, 400, 3), 230, np.uint8)
FLOOR = [(0, 0), (1280, 0), (1280, 960), (0, 960)]


def floor_map() -> FloorMap:
    return FloorMap.build(CORNERS, FLOOR, plan=PLAN)


def flow(tmp_path) -> FlowAnalyzer:
    return FlowAnalyzer(
        "cam", [], floor_map(), CaseOutputs(tmp_path), zone=TOKYO, window=timedelta(hours=1)
    )


def test_a_window_whose_positions_all_fell_off_the_plan_stores_no_heatmap_of_zeros(
    tmp_path, caplog
):
    analyser = flow(tmp_path)
    scene = Scene(analyser)
    scene.play(detections([(x, 400)]) for x in np.linspace(250, 400, 30))  # all off the plan
    scene.close()
    # The visit was seen and counted ...
    (everyone,) = [r for r in scene.of(FlowWindow) if r.zone == "all"]
    assert everyone.visits == 1
    # ... but a grid of zeros would say that nobody walked on the plan: a gap instead.
    assert scene.of(HeatmapWindow) == []
    assert list(tmp_path.glob("heatmap_*.png")) == []
    assert analyser.plan_coverage.on_plan == 0 and analyser.plan_coverage.off_plan == 30
    assert "every position fell outside the floor plan" in caplog.text


def test_positions_on_the_plan_are_mapped_and_those_off_it_are_counted(tmp_path):
    analyser = flow(tmp_path)
    scene = Scene(analyser)
    # Walking along image y = 100 (floor y = 200): on the plan up to image x = 200.
    scene.play(detections([(x, 100)]) for x in np.linspace(100, 300, 21))
    scene.close()
    (heat,) = scene.of(HeatmapWindow)
    assert np.array(heat.counts).sum() > 0
    coverage = analyser.plan_coverage
    assert coverage.on_plan == 11 and coverage.off_plan == 10
    assert coverage.describe().startswith("10 of 21 floor positions (48%) fell outside")


def test_crowd_counts_the_people_it_cannot_place_on_the_plan(tmp_path):
    analyser = CrowdAnalyzer(
        "cam", [], floor_map(), CaseOutputs(tmp_path), interval=timedelta(seconds=60), zone=TOKYO
    )
    scene = Scene(analyser)
    scene.play(detections([(100, 100), (500, 400), (600, 50)]) for _ in range(5))
    rows = scene.close()
    assert [(r.moving + r.still) for r in rows if r.area == "all"] == [3]  # counts are whole
    assert (analyser.plan_coverage.on_plan, analyser.plan_coverage.off_plan) == (5, 10)


@pytest.mark.parametrize(
    ("point", "inside"),
    [((0, 0), True), ((400, 300), True), ((400.5, 10), False), ((np.nan, 5), False)],
)
def test_the_far_edge_of_the_plan_is_on_it(point, inside):
    assert bool(floor_map().on_plan(np.array([point]))[0]) is inside
