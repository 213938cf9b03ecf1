"""Case ⑥: floor positions, moving/still, congestion, the latest-only icon map, no track ids."""

from __future__ import annotations

from datetime import timedelta

import cv2
import numpy as np
import pytest

from privacam.cases import crowd as crowd_module
from privacam.cases.base import CaseOutputs
from privacam.cases.crowd import CrowdAnalyzer
from privacam.cases.floor import FloorMap
from privacam.errors import InputError
from privacam.records import CrowdInterval
from privacam.vision.geometry import PolygonZone

from .scenes import TOKYO, Scene, detections

CORNERS = [(0, 0), (640, 0), (640, 480), (0, 480)]
FLOOR_M = [(0, 0), (6.4, 0), (6.4, 4.8), (0, 4.8)]  # 1 image pixel = 1 cm of floor
LEFT = PolygonZone([(0, 0), (320, 0), (320, 480), (0, 480)], name="left")


def analyser(tmp_path, **kw) -> CrowdAnalyzer:
    kw.setdefault("interval", timedelta(seconds=60))
    kw.setdefault("congestion_thresholds", [2, 4, 10])
    return CrowdAnalyzer(
        "cam", [LEFT], FloorMap.build(CORNERS, FLOOR_M), CaseOutputs(tmp_path), zone=TOKYO, **kw
    )


def crowd_frames(seconds: float = 3.0, fps: float = 10.0, seed: int = 0):
    """Three people walking right at 1.2 m/s (from x=350), two standing still (jitter 1 cm)."""
    rng = np.random.default_rng(seed)
    for f in range(round(seconds * fps)):
        walked = 120 * f / fps
        walkers = [(350 + walked, y) for y in (150, 300, 450)]
        standing = [(x + rng.normal(0, 1), 300 + rng.normal(0, 1)) for x in (100, 200)]
        yield detections(walkers + standing)


@pytest.mark.parametrize("track", [True, False], ids=["tracker", "nearest-neighbour"])
def test_moving_and_still_per_area(tmp_path, track):
    scene = Scene(analyser(tmp_path), track=track)
    scene.play(crowd_frames())
    rows = {r.area: r for r in scene.close()}
    # Speeds need 0.3 s of history: the walkers count as still in the first 3 of 30 frames,
    # so the means are 2.7 moving and 2.3 still.
    assert (rows["all"].moving, rows["all"].still) == (3, 2)
    assert (rows["left"].moving, rows["left"].still) == (0, 2)
    assert rows["all"].congestion_level == 2  # 5 people reach thresholds 2 and 4, not 10
    assert rows["left"].congestion_level == 1


def test_slow_shuffling_is_still_and_a_brisk_walk_is_moving(tmp_path):
    judge = crowd_module.MotionJudge(metres_per_unit=1.0, still_speed=0.4)
    flags = None
    for f in range(20):
        t = f / 10
        floor = np.array([[0.2 * t, 0.0], [1.0 * t, 2.0]])  # 0.2 m/s and 1.0 m/s
        flags = judge.judge(t, floor, floor * 100, np.array([170.0, 170.0]), [1, 2])
    assert flags.tolist() == [False, True]


def test_floor_positions_through_the_homography():
    # A perspective view: a 4 m x 3 m floor rectangle seen as a trapezoid.
    image = [(200, 200), (440, 200), (600, 460), (40, 460)]
    floor = [(0, 0), (4, 0), (4, 3), (0, 3)]
    fm = FloorMap.build(image, floor)
    assert fm.to_floor(np.array(image, dtype=float)) == pytest.approx(np.array(floor), abs=1e-6)
    matrix = cv2.getPerspectiveTransform(np.float32(image), np.float32(floor))
    probe = np.array([[320.0, 330.0], [100.0, 440.0]])
    expected = cv2.perspectiveTransform(probe[None].astype(np.float32), matrix)[0]
    assert fm.to_floor(probe) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(
    ("image", "floor", "message"),
    [
        ([(0, 0), (1, 0), (0, 1)], [(0, 0), (1, 0), (0, 1)], "at least 4"),
        ([(0, 0), (10, 0), (20, 0), (30, 0)], [(0, 0), (1, 0), (1, 1), (0, 1)], "one line"),
        ([(0, 0), (10, 0), (10, 10), (0, 10)], [(0, 0), (1, 0), (2, 0), (3, 0)], "one line"),
    ],
)
def test_bad_homography_is_a_clear_error(image, floor, message):
    with pytest.raises(InputError, match=message):
        FloorMap.build(image, floor, camera_id="gate")


def test_icon_map_is_one_vga_jpeg_overwritten_each_interval(tmp_path, monkeypatch):
    writes = []
    real = crowd_module.write_atomic
    monkeypatch.setattr(crowd_module, "write_atomic", lambda p, d: (writes.append(p), real(p, d)))
    scene = Scene(analyser(tmp_path), fps=1.0)
    scene.play(detections([(100 + f % 3, 300), (400, 200)]) for f in range(150))
    scene.close()
    assert [p.name for p in tmp_path.iterdir()] == ["icon_map_cam.jpg"]
    assert len(writes) == 3  # at 0 s, 60 s and 120 s
    data = (tmp_path / "icon_map_cam.jpg").read_bytes()
    assert data[:2] == b"\xff\xd8"
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (480, 640, 3)


def test_icon_map_shows_the_latest_positions(tmp_path):
    a = analyser(tmp_path, interval=timedelta(seconds=1))
    scene = Scene(a, fps=1.0)
    scene.step(detections([(100, 300)]))
    first = (tmp_path / "icon_map_cam.jpg").read_bytes()
    scene.step(detections([(500, 100)]))
    second = (tmp_path / "icon_map_cam.jpg").read_bytes()
    assert first != second
    expected = a.floor.icon_map.render([(5.0, 1.0)], moving=[False])
    image = cv2.imdecode(np.frombuffer(second, np.uint8), cv2.IMREAD_COLOR)
    assert np.abs(image.astype(int) - expected.astype(int)).mean() < 3  # JPEG noise only


def test_records_carry_no_track_ids_and_memory_is_freed(tmp_path):
    a = analyser(tmp_path)
    scene = Scene(a)
    scene.play(crowd_frames(seconds=2))
    assert a.judge._tracks  # tracks in memory while people are in view
    scene.idle(5)  # tracks end
    rows = scene.close()
    assert set(CrowdInterval.field_names()) == {
        "window_start",
        "window_end",
        "camera_id",
        "area",
        "moving",
        "still",
        "congestion_level",
    }
    assert all(isinstance(r, CrowdInterval) for r in rows)
    assert a.judge._tracks == {} and len(a.judge._frames) == 0


def test_interval_above_the_ceiling_is_refused(tmp_path):
    with pytest.raises(InputError, match="60 s"):
        analyser(tmp_path, interval=timedelta(seconds=90))


def test_crowd_records_hold_plain_python_numbers(tmp_path):
    scene = Scene(analyser(tmp_path))
    scene.play(crowd_frames(seconds=1.0))
    for row in scene.close():
        # A numpy integer reached SQLite as an 8-byte blob: the case emits plain ints.
        assert {type(row.moving), type(row.still), type(row.congestion_level)} == {int}
