"""Case ③ repeat visitors: one averaged feature per track, decided through the gallery."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from privacam.cases.repeat import RepeatAnalyzer
from privacam.records import RepeatVisit, RepeatVisitWindow
from tests.cases.face_scenes import FaceRead, FaceScene
from tests.cases.memory_gallery import MemoryGallery, person_feature, unit
from tests.cases.scenes import TOKYO


def analyser(gallery: MemoryGallery, **options) -> RepeatAnalyzer:
    options.setdefault("window", timedelta(hours=1))
    return RepeatAnalyzer("cam", gallery, "ikebukuro", zone=TOKYO, **options)


def face(person: int, seed: int = 0, verdict: str = "ok") -> FaceRead:
    return FaceRead(verdict, embedding=person_feature(person, noise=0.1, seed=seed))  # type: ignore[arg-type]


def visit(scene: FaceScene, person: int, track: int, frames: int = 5) -> None:
    """``person`` walks through as tracker id ``track``, then leaves."""
    for i in range(frames):
        scene.step({track: face(person, seed=100 * track + i)})
    scene.idle()


def test_a_track_enrols_one_new_visitor_from_the_unit_mean_of_its_first_three_reads() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    reads = [person_feature(1, noise=0.1, seed=s) for s in range(3)]
    for feature in reads:
        scene.step({7: FaceRead(embedding=feature)})
    calls = [name for name, _ in gallery.asked]
    assert calls == ["is_excluded", "match", "enrol"]  # decided at the third read
    enrolled = gallery.asked[-1][1]
    assert np.allclose(enrolled, unit(np.mean(reads, axis=0)), atol=1e-6)
    assert np.isclose(np.linalg.norm(enrolled), 1.0)
    (first,) = scene.of(RepeatVisit)
    assert first.repeat is False and first.visitor_id in gallery.templates
    assert first.store_id == "ikebukuro" and first.camera_id == "cam"


def test_later_reads_of_a_decided_track_are_not_even_held() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    for i in range(3):
        scene.step({7: face(1, seed=i)})
    assert scene.analyser.held_features == 0  # the three reads were dropped at the decision
    for i in range(10):
        scene.step({7: face(1, seed=10 + i)})
    assert scene.analyser.held_features == 0
    assert len(gallery.asked) == 3  # one decision: excluded? match? enrol
    scene.idle()
    assert len(scene.of(RepeatVisit)) == 1


def test_a_track_that_ends_with_fewer_reads_is_decided_when_it_ends() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    scene.step({3: face(2)})
    scene.step({3: None})
    assert gallery.asked == [] and scene.analyser.held_features == 1
    scene.idle()
    assert [name for name, _ in gallery.asked] == ["is_excluded", "match", "enrol"]
    assert scene.analyser.held_features == 0


def test_a_visitor_who_comes_back_another_day_is_a_repeat_visit_under_the_same_visitor_id() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    visit(scene, person=1, track=1)
    scene.jump(timedelta(days=1))
    visit(scene, person=1, track=2)
    scene.close()
    first, second = scene.of(RepeatVisit)
    assert (first.repeat, second.repeat) == (False, True)
    assert first.visitor_id == second.visitor_id
    assert first.visit_id != second.visit_id
    assert len(gallery.templates) == 1


def test_two_people_are_two_visitors() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    visit(scene, person=1, track=1)
    visit(scene, person=2, track=2)
    first, second = scene.of(RepeatVisit)
    assert first.visitor_id != second.visitor_id
    assert not first.repeat and not second.repeat


def test_an_opted_out_person_leaves_no_record_and_no_statistic() -> None:
    gallery = MemoryGallery(excluded=[person_feature(4)])
    scene = FaceScene(analyser(gallery))
    visit(scene, person=4, track=1)
    scene.close()
    assert scene.of(RepeatVisit) == []
    assert [name for name, _ in gallery.asked] == ["is_excluded"]  # never matched nor enrolled
    (window,) = scene.of(RepeatVisitWindow)
    assert (window.visits, window.repeat_visits, window.new_visitors) == (0, 0, 0)


def test_an_unmatched_face_is_discarded_at_once_while_enrolment_is_off() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery, enrol_unmatched=False))
    visit(scene, person=5, track=1)
    scene.close()
    assert [name for name, _ in gallery.asked] == ["is_excluded", "match"]
    assert gallery.templates == {} and scene.of(RepeatVisit) == []
    assert scene.analyser.held_features == 0
    (window,) = scene.of(RepeatVisitWindow)
    assert (window.visits, window.repeat_visits, window.new_visitors) == (1, 0, 0)


def test_an_enrolled_visitor_is_still_recognised_while_enrolment_is_off() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    visit(scene, person=1, track=1)
    later = FaceScene(analyser(gallery, enrol_unmatched=False), start=scene.now + timedelta(days=2))
    visit(later, person=1, track=1)
    (again,) = later.of(RepeatVisit)
    assert again.repeat and again.visitor_id in gallery.templates


def test_a_read_whose_face_failed_the_gates_is_never_handed_to_the_gallery() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    for i, verdict in enumerate(["blur", "pose", "small", "blur"]):
        scene.step({1: face(1, seed=i, verdict=verdict)})
    assert scene.analyser.held_features == 0
    scene.idle()
    scene.close()
    assert gallery.asked == []
    assert scene.of(RepeatVisit) == []
    (window,) = scene.of(RepeatVisitWindow)
    assert window.visits == 0  # a track with no usable read is not a visit


def test_the_same_visitor_seen_again_within_the_visit_gap_is_the_same_visit() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery, same_visit_within=timedelta(minutes=30)))
    visit(scene, person=1, track=1)
    scene.jump(timedelta(minutes=10))
    visit(scene, person=1, track=2)  # a broken track, or a second pass: no new visit
    scene.jump(timedelta(minutes=45))
    visit(scene, person=1, track=3)  # 45 min after last seen: a repeat visit
    scene.close()
    assert [v.repeat for v in scene.of(RepeatVisit)] == [False, True]
    total = sum(w.visits for w in scene.of(RepeatVisitWindow))
    assert total == 2


def test_each_window_states_the_visits_repeat_visits_and_new_visitors_of_the_store() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery, window=timedelta(hours=1)))
    visit(scene, person=1, track=1)
    visit(scene, person=2, track=2)
    scene.jump(timedelta(days=1))
    visit(scene, person=1, track=3)
    visit(scene, person=2, track=4)
    visit(scene, person=3, track=5)
    scene.close()
    windows = scene.of(RepeatVisitWindow)
    assert [(w.visits, w.repeat_visits, w.new_visitors) for w in windows] == [
        (2, 0, 2),
        (3, 2, 1),
    ]
    assert {w.store_id for w in windows} == {"ikebukuro"}


def test_an_outage_decides_the_tracks_it_cut_at_the_last_frame_before_it() -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    last = scene.now
    scene.step({1: face(1)})
    scene.jump(timedelta(minutes=5))
    scene.step({})
    (only,) = scene.of(RepeatVisit)
    assert only.seen_at == last


@pytest.mark.parametrize("keep", [True, False])
def test_visits_decided_before_the_stream_stops_are_kept_even_if_the_window_is_dropped(
    keep: bool,
) -> None:
    gallery = MemoryGallery()
    scene = FaceScene(analyser(gallery))
    scene.step({1: face(1)})
    scene.step({1: face(1)})
    scene.close(keep=keep)
    assert len(scene.of(RepeatVisit)) == 1  # enrolled in the vault: the visit goes with it
    assert len(scene.of(RepeatVisitWindow)) == int(keep)
