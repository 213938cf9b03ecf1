"""The vision pipeline runs the face stage when the case's plan asks, and only then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import cv2
import numpy as np
import pytest

from privacam.cases import registry
from privacam.cases.base import CaseOutputs
from privacam.cases.detection import DetectorPlan
from privacam.cases.entry import CaseEntry, RunsAs
from privacam.cases.face_plan import FacePlan
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.spec import Case, RepeatSettings
from privacam.records import RepeatVisit
from privacam.runtime.pipeline import VisionPipeline
from privacam.runtime.wiring import wire_case
from privacam.vision.faces.reader import FaceReader
from privacam.vision.faces.search import FacesNearHeads, WholeFrame
from privacam.vision.faces.stage import FaceStage
from privacam.vision.faces.types import FaceReadings
from privacam.vision.sources import SourceInfo
from privacam.vision.tracking import ByteTracker
from privacam.vision.types import Detections, Frame
from tests.vision.face_fakes import FakeEstimator, faces, sharp_image

T0 = datetime(2026, 4, 1, tzinfo=UTC)
PERSON = [150.0, 100.0, 250.0, 400.0]


class FixedPeople:
    def detect(self, image: np.ndarray) -> Detections:
        return Detections(xyxy=[PERSON], scores=[0.95], class_ids=[0])


class FixedFaces:
    """A face detector that finds one face at a fixed place of the whole frame."""

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, image: np.ndarray) -> Detections:
        self.calls += 1
        return faces((200, 130)) if image.shape[:2] == (480, 640) else faces()


def _frames(count: int):
    image = sharp_image()
    return [Frame(image=image, index=i, timestamp=i / 25) for i in range(count)]


def test_the_pipeline_fills_observation_faces_for_a_plan_that_reads_faces():
    estimator = FakeEstimator()
    reader = FaceReader(WholeFrame(FixedFaces()), FaceStage(estimator=estimator))
    pipeline = VisionPipeline(FixedPeople(), ByteTracker(), reader)
    observations = [pipeline.observe(f, "cam1", T0) for f in _frames(12)]
    assert all(isinstance(o.faces, FaceReadings) for o in observations)
    first = observations[0].faces
    assert first.track_ids.tolist() == observations[0].tracks.tracked.tracker_id.tolist()
    assert first.age_gender[0] is not None
    assert estimator.faces_read == 3  # the default budget, spaced over the 12 frames


def test_the_pipeline_leaves_observation_faces_none_without_a_face_plan():
    pipeline = VisionPipeline(FixedPeople(), ByteTracker())
    observation = pipeline.observe(_frames(1)[0], "cam1", T0)
    assert observation.tracks is not None and observation.faces is None


def test_the_face_stage_cannot_run_without_the_tracker():
    reader = FaceReader(WholeFrame(FixedFaces()), FaceStage())
    with pytest.raises(ValueError, match="tracker"):
        VisionPipeline(FixedPeople(), None, reader)


def test_faces_near_heads_search_only_the_tracked_peoples_upper_boxes():
    detector = FixedFaces()
    search = FacesNearHeads(detector)
    people = Detections(xyxy=[PERSON], scores=[0.9], class_ids=[0], tracker_id=[1])
    assert search.windows((480, 640), people) == [(125, 75, 275, 225)]
    search.detect(sharp_image(), people)
    assert detector.calls == 1
    assert len(search.detect(sharp_image(), Detections.empty())) == 0
    assert detector.calls == 1  # nobody tracked: YuNet does not run at all


def test_a_face_plan_adds_its_models_to_the_plans_so_the_run_records_their_digests():
    plan = DetectorPlan(face_reading=FacePlan(embedder_model="mobilefacenet"))
    assert plan.model_names == ("yolox_nano", "yunet", "mobilefacenet")
    both = DetectorPlan(faces=True, face_reading=FacePlan.defaults(age_gender=True, embedding=True))
    assert both.model_names == (
        "yolox_nano",
        "yunet",
        "cydral_age",
        "cydral_gender",
        "dlib_shape_5",
        "dlib_resnet",
    )
    assert DetectorPlan().build_face_reader() is None


def test_a_face_plan_must_read_something():
    with pytest.raises(ValueError, match="reads"):
        FacePlan()


@pytest.mark.assets
def test_the_pipeline_reads_real_faces_of_tracked_people_with_the_default_models(
    models_dir, media_dir
):
    plan = DetectorPlan(face_reading=FacePlan.defaults(age_gender=True, embedding=True))
    pipeline = VisionPipeline(
        plan.build(models_dir), ByteTracker(), plan.build_face_reader(models_dir)
    )
    image = cv2.imread(str(media_dir / "dlib_faces_voc" / "2008_001322.jpg"))
    observation = pipeline.observe(Frame(image=image, index=0, timestamp=0.0), "cam1", T0)
    readings = observation.faces
    assert readings is not None and len(readings) >= 2
    read = [i for i, estimate in enumerate(readings.age_gender) if estimate is not None]
    linked = readings.track_ids >= 0
    assert len(read) >= 2 and read == np.flatnonzero(linked & readings.passed).tolist()
    assert set(readings.track_ids[read]) <= set(observation.tracks.tracked.tracker_id)
    for i in read:
        assert 0 < readings.age_gender[i].age < 100
        feature = readings.embeddings[i]
        assert feature.shape == (128,) and np.linalg.norm(feature) == pytest.approx(1, abs=1e-4)


@dataclass
class TracklessAnalyzer:
    context: object
    settings: object
    needs_tracks: bool = False


@pytest.mark.assets
def test_wiring_a_face_case_builds_the_stage_and_tracker_and_records_every_model_digest(
    monkeypatch, tmp_path, models_dir
):
    monkeypatch.setenv("CAMERA_PASSWORD", "pw-for-tests")
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    spec = load_spec_text(render_template("repeat", today=date(2026, 4, 1)))
    entry = CaseEntry(
        case=Case.repeat,
        settings=RepeatSettings,
        runs_as=RunsAs.stream,
        record_kinds=(RepeatVisit,),
        analyzer=TracklessAnalyzer,
        detector_plan=lambda s: DetectorPlan(face_reading=FacePlan.defaults(embedding=True)),
        window=lambda s: timedelta(hours=1),
    )
    monkeypatch.setattr(registry, "CASES", {**registry.CASES, Case.repeat: entry})
    info = SourceInfo(
        uri="f", kind="file", width=640, height=480, fps=10.0, frame_count=1, is_live=False
    )
    wiring = wire_case(spec, spec.spec.cameras[0], CaseOutputs(tmp_path), info)
    assert isinstance(wiring.faces, FaceReader) and wiring.faces.stage.embedder is not None
    assert wiring.tracker is not None  # faces are linked to tracks, whatever the analyser says
    assert set(wiring.model_digests) == {"yolox_nano", "yunet", "dlib_resnet", "dlib_shape_5"}
    assert all(len(digest) == 64 for digest in wiring.model_digests.values())
