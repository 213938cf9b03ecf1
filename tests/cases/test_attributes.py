"""Case ① attributes: one vote per track at its end, tallies per window, nothing per person."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from privacam.cases.attributes import AttributeAnalyzer, vote
from privacam.policy.age_brackets import AgeBrackets
from privacam.records import AttributeTally
from privacam.vision.faces.types import AgeGender
from tests.cases.face_scenes import FaceRead, FaceScene
from tests.cases.scenes import START, TOKYO, Scene, detections

BRACKETS = AgeBrackets.parse(["0-19", "20-39", "40-59", "60+"])


def analyser(window: timedelta = timedelta(minutes=1)) -> AttributeAnalyzer:
    return AttributeAnalyzer("cam", BRACKETS, window=window, zone=TOKYO)


def read(age: float, female: float, verdict: str = "ok") -> FaceRead:
    return FaceRead(verdict, AgeGender(age, female))  # type: ignore[arg-type]


def cells(records) -> Counter[tuple[str, str]]:
    return Counter(
        {(r.age_bracket, r.gender): r.count for r in records if isinstance(r, AttributeTally)}
    )


def test_a_track_counts_once_when_it_ends_in_the_bracket_and_gender_its_reads_vote_for() -> None:
    scene = FaceScene(analyser())
    scene.step({1: read(33, 0.8)})
    scene.step({1: read(45, 0.3)})
    scene.step({1: read(38, 0.9)})
    scene.step({1: None})  # in view, no face this frame
    assert scene.analyser.live_tracks == 1
    scene.idle()
    assert scene.analyser.live_tracks == 0  # ended: its votes are gone
    scene.close()
    tally = cells(scene.records)
    assert tally[("20-39", "female")] == 1
    assert sum(tally.values()) == 1


def test_a_track_with_no_passing_read_counts_as_unknown_not_as_a_guess() -> None:
    scene = FaceScene(analyser())
    scene.hold({1: None, 2: FaceRead("small")}, 5)
    scene.close()
    tally = cells(scene.records)
    assert tally[("unknown", "unknown")] == 2
    assert sum(tally.values()) == 2


def test_a_read_whose_face_failed_the_gates_is_never_used_even_when_it_carries_an_estimate() -> (
    None
):
    scene = FaceScene(analyser())
    scene.hold({1: read(70, 0.9, verdict="blur")}, 3)  # the stage should not have read these
    scene.hold({2: read(70, 0.9, verdict="pose")}, 3)
    scene.step({2: read(25, 0.1)})
    scene.close()
    tally = cells(scene.records)
    assert tally[("unknown", "unknown")] == 1  # track 1: only failed reads
    assert tally[("20-39", "male")] == 1  # track 2: only its passing read voted
    assert tally[("60+", "female")] == 0


def test_a_track_is_tallied_in_the_window_it_ends_in_and_the_tallies_restart() -> None:
    scene = FaceScene(analyser(), fps=1)  # START is 10:07:00, windows of one minute
    scene.hold({1: read(10, 0.9)}, 30)
    scene.hold({1: read(10, 0.9), 2: read(65, 0.1)}, 40)  # both cross 10:08
    scene.hold({2: read(65, 0.1)}, 10)  # track 1 ends at 10:08:10
    scene.idle(60)  # track 2 ends at 10:08:20; 10:09 closes the second window
    windows = sorted({r.window_start for r in scene.of(AttributeTally)})
    assert [w.astimezone(TOKYO).strftime("%H:%M") for w in windows] == ["10:07", "10:08"]
    first = cells(r for r in scene.of(AttributeTally) if r.window_start == windows[0])
    second = cells(r for r in scene.of(AttributeTally) if r.window_start == windows[1])
    assert sum(first.values()) == 0
    assert second[("0-19", "female")] == 1 and second[("60+", "male")] == 1


def test_every_cell_of_a_window_is_written_with_its_zeros_and_nothing_else() -> None:
    scene = FaceScene(analyser())
    scene.hold({1: read(50, 0.2)}, 3)
    scene.close()
    tallies = scene.of(AttributeTally)
    expected = {(b, g) for b in BRACKETS.labels for g in ("female", "male")}
    assert {(r.age_bracket, r.gender) for r in tallies} == expected | {("unknown", "unknown")}
    assert [(r.age_bracket, r.gender) for r in tallies if r.count] == [("40-59", "male")]
    assert all(r.camera_id == "cam" for r in tallies)


def test_an_outage_ends_every_track_in_the_window_it_closes() -> None:
    scene = FaceScene(analyser(window=timedelta(hours=1)))
    scene.hold({1: read(30, 0.9)}, 3)
    scene.jump(timedelta(minutes=5))  # frames stop for five minutes: an outage
    scene.hold({1: read(30, 0.9)}, 3)  # the same tracker id after it is a new person
    scene.close()
    spans = scene.spans
    assert len(spans) == 2  # the window closed at the outage, and the one after it
    before = cells(r for r in scene.of(AttributeTally) if r.window_end == spans[0][1])
    after = cells(r for r in scene.of(AttributeTally) if r.window_start == spans[1][0])
    assert before[("20-39", "female")] == 1
    assert after[("20-39", "female")] == 1


def test_a_dropped_last_window_drops_its_tallies() -> None:
    scene = FaceScene(analyser())
    scene.hold({1: read(30, 0.9)}, 3)
    scene.close(keep=False)
    assert scene.of(AttributeTally) == []
    assert scene.analyser.live_tracks == 0


def test_a_tied_bracket_vote_goes_to_the_bracket_of_the_read_nearest_the_median() -> None:
    assert vote(BRACKETS, [18, 19, 41, 44, 21], [0.9] * 5)[0] == "0-19"  # 2 against 2 (+1)
    assert vote(BRACKETS, [15, 45], [0.9, 0.9])[0] == "0-19"  # equally near: first read
    assert vote(BRACKETS, [10, 50, 52, 12, 13], [0.1] * 5)[0] == "0-19"  # 3 against 2


def test_a_tied_gender_vote_goes_to_the_mean_probability() -> None:
    assert vote(BRACKETS, [30, 30], [0.9, 0.4])[1] == "female"
    assert vote(BRACKETS, [30, 30], [0.6, 0.1])[1] == "male"


def test_tracks_seen_with_no_face_readings_at_all_count_as_unknown() -> None:
    scene = FaceScene(analyser())
    scene.step({1: None})
    scene.idle()
    observation = scene.analyser  # the same analyser, now given frames with faces=None
    tracks = Scene(observation, start=scene.now)  # a real tracker, no face stage
    tracks.play([detections([(100, 300)])] * 12)
    tracks.idle(5)
    tracks.close()
    assert cells(scene.records + tracks.records)[("unknown", "unknown")] == 2


@pytest.mark.parametrize("people", [1, 25])
def test_the_rows_of_a_window_do_not_grow_with_the_people_seen(people: int) -> None:
    scene = FaceScene(analyser(), start=START)
    scene.hold({i: read(20 + i, 0.5) for i in range(people)}, 2)
    scene.close()
    assert len(scene.of(AttributeTally)) == 2 * len(BRACKETS.labels) + 1
    assert sum(cells(scene.records).values()) == people
