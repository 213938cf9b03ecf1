"""The face reader runs YuNet only near the heads of people it could still read."""

from __future__ import annotations

import numpy as np

from privacam.vision.faces.reader import FaceReader
from privacam.vision.faces.search import FacesNearHeads, WholeFrame
from privacam.vision.faces.stage import FaceStage, FaceStageSettings
from privacam.vision.types import Detections
from tests.vision.face_fakes import FakeEstimator, faces, sharp_image, tracks

PERSON = (150.0, 100.0, 250.0, 400.0)


class HeadFinder:
    """A face detector that finds the face of the person whose upper box it is shown."""

    def __init__(self) -> None:
        self.images: list[tuple[int, int]] = []

    def detect(self, image: np.ndarray) -> Detections:
        self.images.append(image.shape[:2])
        height, width = image.shape[:2]
        if (height, width) == (480, 640):  # the whole frame: the person's face where it is
            return faces((200, 130))
        return faces((width / 2, height / 2))


def test_yunet_runs_only_while_a_track_can_still_be_read():
    finder, estimator = HeadFinder(), FakeEstimator()
    settings = FaceStageSettings(reads_per_track=2, min_frames_between_reads=3)
    reader = FaceReader(FacesNearHeads(finder), FaceStage(settings, estimator=estimator))
    image = sharp_image()
    searched = []
    for frame in range(12):
        before = len(finder.images)
        reader.read(image, tracks(frame, {7: PERSON}))
        searched.append(len(finder.images) > before)
    assert estimator.faces_read == 2
    # read in frames 0 and 3; between them spacing forbids a read, after them the budget
    assert [i for i, s in enumerate(searched) if s] == [0, 3]


def test_a_face_in_an_overlapping_window_still_goes_to_its_own_person():
    finder, estimator = HeadFinder(), FakeEstimator()
    stage = FaceStage(FaceStageSettings(reads_per_track=1), estimator=estimator)
    reader = FaceReader(WholeFrame(finder), stage)
    image = sharp_image()
    reader.read(image, tracks(0, {7: PERSON}))  # person 7 has had their read
    neighbour = (160.0, 110.0, 260.0, 410.0)  # whose upper box also holds 7's face
    readings = reader.read(image, tracks(10, {7: PERSON, 8: neighbour}))
    assert readings.track_ids.tolist() == [7]
    assert readings.age_gender == [None] and estimator.faces_read == 1


def test_nobody_to_read_means_no_face_detection_at_all():
    finder = HeadFinder()
    reader = FaceReader(WholeFrame(finder), FaceStage())
    readings = reader.read(sharp_image(), tracks(0, {}))
    assert finder.images == [] and len(readings) == 0
