"""Case ④: directed crossings per line, direction, class and window; zone occupancy."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from privacam.cases.counting import CountingAnalyzer
from privacam.errors import InputError
from privacam.records import LineCount, ZoneOccupancy
from privacam.vision.geometry import CountingLine, PolygonZone

from .scenes import START, TOKYO, Scene, detections

# Vertical line drawn top to bottom: walking right (+x) is "out", walking left is "in".
GATE = CountingLine((320, 0), (320, 480), name="gate")
LEFT_HALF = PolygonZone([(0, 0), (320, 0), (320, 480), (0, 480)], name="left")


def analyser(**kw) -> CountingAnalyzer:
    kw.setdefault("window", timedelta(minutes=15))
    return CountingAnalyzer("cam", [GATE], [LEFT_HALF], zone=TOKYO, **kw)


def walk(x0: float, x1: float, y: float = 400, steps: int = 20):
    return np.linspace(x0, x1, steps).tolist(), y


def counts(records, window_index=None):
    rows = [r for r in records if isinstance(r, LineCount)]
    starts = sorted({r.window_start for r in rows})
    if window_index is not None:
        rows = [r for r in rows if r.window_start == starts[window_index]]
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.count:
            out[(r.direction, r.class_name)] = out.get((r.direction, r.class_name), 0) + r.count
    return out


def test_crossings_per_direction_and_class():
    scene = Scene(analyser())
    # A person walks right across the gate while a car drives left across it, lower down.
    for px, cx in zip(np.linspace(200, 440, 25), np.linspace(500, 150, 25), strict=True):
        scene.step(detections([(px, 300), (cx, 450)], class_ids=[0, 2]))
    scene.idle(3)
    scene.close()
    assert counts(scene.records) == {("out", "person"): 1, ("in", "car"): 1}


def test_every_line_direction_and_class_has_a_row_zeros_included():
    scene = Scene(analyser(classes=["person", "car"]))
    scene.play(detections([(100, 400)]) for _ in range(5))
    rows = [r for r in scene.close() if isinstance(r, LineCount)]
    keys = sorted((r.line, r.direction, r.class_name, r.count) for r in rows)
    assert keys == [
        ("gate", "in", "car", 0),
        ("gate", "in", "person", 0),
        ("gate", "out", "car", 0),
        ("gate", "out", "person", 0),
    ]


def test_windows_are_the_observed_spans_and_split_counts():
    # Start at 10:14:50: one crossing before 10:15 and one after.
    start = START.replace(minute=14, second=50)
    scene = Scene(analyser(classes=["person"]), start=start)
    scene.play(detections([(x, 400)]) for x in np.linspace(250, 400, 20))  # 2 s, out
    scene.idle(8)
    scene.play(detections([(x, 400)]) for x in np.linspace(400, 250, 20))  # back in, 10:15:00+
    scene.idle(5)
    scene.close()
    rows = scene.of(LineCount)
    spans = sorted({(r.window_start, r.window_end) for r in rows})
    assert [
        (a.astimezone(TOKYO).strftime("%M:%S"), b.astimezone(TOKYO).strftime("%M:%S"))
        for a, b in spans
    ] == [("14:50", "15:00"), ("15:00", "15:06")]
    assert counts(rows, 0) == {("out", "person"): 1}
    assert counts(rows, 1) == {("in", "person"): 1}


def test_a_gap_splits_the_window_and_nobody_is_counted_across_it():
    scene = Scene(analyser(classes=["person"]))
    scene.play(detections([(x, 400)]) for x in np.linspace(200, 300, 10))  # left of the gate
    gap_start = scene.now - timedelta(seconds=0.1)
    gap_end = gap_start + timedelta(minutes=2)
    scene.records += scene.analyser.gap(gap_start, gap_end).records
    scene.start += timedelta(minutes=2)
    scene.tracker.reset()
    scene.play(detections([(x, 400)]) for x in np.linspace(340, 440, 10))  # right of it
    scene.close()
    rows = scene.of(LineCount)
    spans = sorted({(r.window_start, r.window_end) for r in rows})
    assert len(spans) == 2
    assert spans[0][1] == gap_start and spans[1][0] >= gap_end
    assert counts(rows) == {}


def test_close_keeps_or_drops_the_open_window():
    for keep, expected in ((True, 1), (False, 0)):
        scene = Scene(analyser(classes=["person"]))
        scene.play(detections([(x, 400)]) for x in np.linspace(250, 400, 20))
        rows = scene.close(keep=keep)
        assert sum(r.count for r in rows if isinstance(r, LineCount)) == expected


def test_zone_occupancy_mean_and_max_per_class():
    scene = Scene(analyser(classes=["person", "car"]))
    # 5 frames with two people and a car in the left half, then 5 frames with one person.
    scene.play(
        detections([(100, 400), (200, 300), (150, 450)], class_ids=[0, 0, 2]) for _ in range(5)
    )
    scene.play(detections([(100, 400), (500, 300)]) for _ in range(5))
    rows = {r.class_name: r for r in scene.close() if isinstance(r, ZoneOccupancy)}
    assert rows["person"].max == 2 and rows["person"].mean == pytest.approx(1.5)
    assert rows["car"].max == 1 and rows["car"].mean == pytest.approx(0.5)


def test_line_outside_the_frame_is_a_clear_error():
    outside = CountingLine((100, 0), (100, 900), name="far")
    counter = CountingAnalyzer("cam", [outside], [], window=timedelta(minutes=15), zone=TOKYO)
    with pytest.raises(InputError, match=r"'far'.*outside the 640x480 frame"):
        Scene(counter).step(detections([(100, 400)]))
    with pytest.raises(InputError, match="outside"):
        counter.validate(640, 480)
    counter.validate(640, 900)


def test_unknown_class_is_refused():
    with pytest.raises(InputError, match="unknown"):
        analyser(classes=["person", "dog"])


def test_per_track_memory_is_freed_when_tracks_end():
    a = analyser()
    scene = Scene(a)
    scene.play(detections([(x, 400)]) for x in np.linspace(250, 400, 20))
    assert a._counter._paths  # someone is being followed
    scene.idle(4)  # the track is lost, ends, and its memory window passes
    assert a._counter._paths == {}


@pytest.mark.parametrize(("first_x", "counted"), [(335, 1), (360, 0)])
def test_a_track_first_seen_just_past_the_line_counts_as_born_on_it(first_x, counted):
    # Box height 100: the birth band reaches 15 px past the line (x = 320); the person is
    # first detected walking right at x = 335 (counted) or at x = 360 (not: too far to say).
    scene = Scene(analyser(classes=["person"]))
    scene.play(detections([(x, 400)]) for x in np.linspace(first_x, first_x + 120, 12))
    scene.idle(4)
    assert sum(r.count for r in scene.close() if isinstance(r, LineCount)) == counted
