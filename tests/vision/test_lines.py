"""Directed counting lines: the five ways a per-frame counter fails, each must be counted right."""

from __future__ import annotations

import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.geometry import CountingLine
from privacam.vision.tracking import ByteTrackConfig, ByteTracker, LineCounter
from privacam.vision.types import Detections

FPS = 25.0
# A horizontal line at y = 200 from x = 0 to 400, drawn left to right:
# its right side ("in") is below it (larger y).
LINE = CountingLine((0, 200), (400, 200), name="gate", band_width=10)


def person(tid: int | None, foot_x: float, foot_y: float, cls: int = 0, h: float = 100.0):
    return (foot_x - 20, foot_y - h, foot_x + 20, foot_y, tid, cls)


def frame(*rows) -> Detections:
    if not rows:
        return Detections.empty().with_tracker_id(np.zeros(0))
    a = np.array(rows, dtype=np.float64)
    return Detections(
        xyxy=a[:, :4], scores=np.full(len(a), 0.9), class_ids=a[:, 5], tracker_id=a[:, 4]
    )


def feed(counter: LineCounter, frames: list[Detections], start: int = 0) -> list:
    out = []
    for i, d in enumerate(frames, start=start):
        out += counter.update(d, i, i / FPS)
    return out


def test_direction_convention() -> None:
    assert LINE.signed_distance(np.array([[100, 250]]))[0] == pytest.approx(50)  # below = right
    assert LINE.side(np.array([[100, 150], [100, 203], [100, 250]])).tolist() == [-1, 0, 1]
    down = feed(LineCounter([LINE]), [frame(person(1, 100, y)) for y in (150, 180, 220, 250)])
    up = feed(LineCounter([LINE]), [frame(person(1, 100, y)) for y in (250, 220, 180, 150)])
    assert [c.direction for c in down] == ["in"]
    assert [c.direction for c in up] == ["out"]
    reversed_line = CountingLine((400, 200), (0, 200), name="gate")
    down_rev = feed(LineCounter([reversed_line]), [frame(person(1, 100, y)) for y in (150, 250)])
    assert [c.direction for c in down_rev] == ["out"]


def test_passing_beside_the_segment_is_not_counted() -> None:
    counter = LineCounter([LINE])
    crossings = feed(counter, [frame(person(1, 500, y)) for y in (150, 180, 220, 250)])
    assert crossings == [] and counter.counts["gate"] == {"in": 0, "out": 0}


def test_case1_a_gap_while_crossing_still_counts() -> None:
    counter = LineCounter([LINE])
    frames = [frame(person(1, 100, 150)), frame(person(1, 100, 170))]
    frames += [frame() for _ in range(6)]  # unseen for 6 frames while crossing
    frames += [frame(person(1, 100, 260)), frame(person(1, 100, 280))]
    crossings = feed(counter, frames)
    assert [(c.tracker_id, c.direction, c.frame_index) for c in crossings] == [(1, "in", 8)]


def test_case1_through_the_tracker() -> None:
    tracker, counter = ByteTracker(), LineCounter([LINE])
    total = []
    for f in range(30):
        y = 120 + 6 * f
        d = Detections(xyxy=[[80, y - 100, 120, y]], scores=[0.9], class_ids=[0])
        if 12 <= f <= 16:  # five frames without detection around the crossing (y ~ 200)
            d = Detections.empty()
        total += counter.update_tracks(tracker.update(d, f, f / FPS))
    assert [(c.tracker_id, c.direction) for c in total] == [(1, "in")]


def test_case2_a_track_reborn_on_the_other_side_is_counted_once() -> None:
    counter = LineCounter([LINE])
    before = [frame(person(1, 100, y)) for y in (150, 165, 180)]
    gap = [frame() for _ in range(3)]
    after = [frame(person(2, 100, y)) for y in (235, 250, 265)]  # new id, same person
    crossings = feed(counter, before + gap + after)
    assert [(c.tracker_id, c.direction) for c in crossings] == [(2, "in")]
    assert counter.counts["gate"] == {"in": 1, "out": 0}


def test_case2_with_the_ended_event_and_no_double_count_on_return_of_the_old_id() -> None:
    from privacam.vision.tracking.events import TrackEvent

    counter = LineCounter([LINE])
    feed(counter, [frame(person(1, 100, y)) for y in (150, 165, 190)])
    ended = TrackEvent("ended", 1, 0, 3, 3 / FPS, (80, 90, 120, 190))
    counter.update(frame(), 3, 3 / FPS, [ended])
    c1 = feed(counter, [frame(person(2, 100, y)) for y in (215, 240)], start=4)
    assert [(c.tracker_id, c.direction) for c in c1] == [(2, "in")]
    # The old id coming back below the line is the same person: not counted again.
    c2 = feed(counter, [frame(person(1, 100, 260))], start=6)
    assert c2 == [] and counter.counts["gate"] == {"in": 1, "out": 0}


def test_case2_a_wrong_heir_still_counts_its_own_crossing() -> None:
    """An heir of a track that was only briefly missed is not blocked by that track's counts."""
    counter = LineCounter([LINE])
    feed(counter, [frame(person(1, 100, 150))])
    # Track 1 is missed for a frame; track 2 (another person) appears next to it.
    feed(counter, [frame(person(2, 130, 150))], start=1)
    one = feed(counter, [frame(person(1, 100, 230), person(2, 130, 150))], start=2)
    two = feed(counter, [frame(person(1, 100, 260), person(2, 130, 230))], start=3)
    assert [(c.tracker_id, c.direction) for c in one + two] == [(1, "in"), (2, "in")]


def test_case2_never_inherits_across_classes() -> None:
    counter = LineCounter([LINE])
    feed(counter, [frame(person(1, 100, y)) for y in (250, 235, 220)])  # a person, below
    # A car appears just above the line where the person was heading: no "out" for it.
    c = feed(counter, [frame(person(2, 100, y, cls=2)) for y in (185, 170)], start=3)
    assert c == []


def test_case2_does_not_inherit_from_a_distant_or_old_track() -> None:
    counter = LineCounter([LINE], memory_seconds=1.0)
    feed(counter, [frame(person(1, 100, y)) for y in (150, 165, 180)])
    far = feed(counter, [frame(person(2, 390, y)) for y in (235, 250)], start=3)  # 2.9 heights
    assert far == []
    counter = LineCounter([LINE], memory_seconds=1.0)
    feed(counter, [frame(person(1, 100, y)) for y in (150, 165, 180)])
    late = feed(counter, [frame(person(2, 100, y)) for y in (235, 250)], start=40)  # 1.5 s later
    assert late == []


def test_case3_a_wobbling_foot_on_the_line_counts_nothing_then_one_crossing_once() -> None:
    counter = LineCounter([LINE])
    wobble = [frame(person(1, 100, 200 + (4 if i % 2 else -4))) for i in range(20)]
    assert feed(counter, [frame(person(1, 100, 150)), *wobble]) == []
    crossing = feed(counter, [frame(person(1, 100, 230))], start=21)
    again = feed(counter, [frame(person(1, 100, y)) for y in (180, 230, 180, 230)], start=22)
    assert [c.direction for c in crossing] == ["in"]
    assert [c.direction for c in again] == ["out"]  # once per direction per track
    assert counter.counts["gate"] == {"in": 1, "out": 1}


def test_case3_without_hysteresis_wobble_would_count() -> None:
    thin = CountingLine((0, 200), (400, 200), name="gate", band_width=0)
    counter = LineCounter([thin])
    feed(counter, [frame(person(1, 100, 200 + (4 if i % 2 else -4))) for i in range(6)])
    assert counter.counts["gate"] == {"in": 1, "out": 1}  # the reason for the band


def test_case4_a_crossing_between_the_first_two_frames_counts() -> None:
    counter = LineCounter([LINE])
    crossings = feed(counter, [frame(person(5, 100, 180)), frame(person(5, 100, 225))])
    assert [(c.tracker_id, c.direction, c.frame_index) for c in crossings] == [(5, "in", 1)]


def test_case4_through_the_tracker_with_a_late_confirmation() -> None:
    tracker = ByteTracker(ByteTrackConfig(confirm_score=0.95))  # first detection is tentative
    counter = LineCounter([LINE])
    counter.update_tracks(tracker.update(Detections.empty(), 0, 0.0))
    crossings = []
    for f, y in [(1, 185), (2, 215), (3, 235)]:
        d = Detections(xyxy=[[80, y - 100, 120, y]], scores=[0.8], class_ids=[0])
        update = tracker.update(d, f, f / FPS)
        crossings += counter.update_tracks(update)
        if f == 1:
            assert len(update.tracked) == 0  # not confirmed yet
    assert [(c.direction, c.frame_index) for c in crossings] == [("in", 2)]


def test_case5_a_box_first_seen_straddling_the_line_counts_by_its_anchor() -> None:
    counter = LineCounter([LINE])
    # Box from y=150 to 250 straddles the line; the foot (y=250) walks up across it.
    crossings = feed(counter, [frame(person(1, 100, y)) for y in (250, 230, 210, 190, 170)])
    assert [c.direction for c in crossings] == ["out"]


def test_case5_a_track_first_seen_on_the_line_counts_when_it_leaves_the_band() -> None:
    counter = LineCounter([LINE])
    crossings = feed(counter, [frame(person(1, 100, y)) for y in (201, 203, 199, 210, 230)])
    assert [(c.direction, c.frame_index) for c in crossings] == [("in", 3)]
    beside = LineCounter([LINE])
    assert feed(beside, [frame(person(1, 450, y)) for y in (201, 230)]) == []


def test_counts_per_class_and_several_lines() -> None:
    other = CountingLine((200, 0), (200, 400), name="aisle")  # right side is x < 200
    counter = LineCounter([LINE, other])
    feed(
        counter,
        [
            frame(person(1, 150, 150), person(2, 250, 150, cls=2)),
            frame(person(1, 150, 250), person(2, 150, 150, cls=2)),
        ],
    )
    assert counter.counts == {"gate": {"in": 1, "out": 0}, "aisle": {"in": 1, "out": 0}}
    assert counter.counts_by_class["gate"] == {0: {"in": 1, "out": 0}}
    assert counter.counts_by_class["aisle"] == {2: {"in": 1, "out": 0}}


def test_bad_lines_are_input_errors() -> None:
    with pytest.raises(InputError, match="same start and end"):
        CountingLine((1, 1), (1, 1))
    with pytest.raises(InputError, match="unique"):
        LineCounter([LINE, LINE])
    with pytest.raises(ValueError, match="tracker_id"):
        LineCounter([LINE]).update(Detections(xyxy=[[0, 0, 1, 1]], scores=[1], class_ids=[0]), 0, 0)
