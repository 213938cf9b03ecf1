"""The factory: one analyser per camera from the deployment file, and the detector plans."""

from __future__ import annotations

from datetime import date, timedelta

import cv2
import numpy as np
import pytest
import yaml

from privacam.cases.attributes import AttributeAnalyzer
from privacam.cases.base import CaseOutputs
from privacam.cases.counting import CountingAnalyzer
from privacam.cases.crowd import CrowdAnalyzer
from privacam.cases.factory import detector_plan, make_analyzer, plan_for
from privacam.cases.flow import FlowAnalyzer
from privacam.cases.repeat import RepeatAnalyzer
from privacam.errors import InputError
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.spec import CountingSettings
from tests.cases.memory_gallery import MemoryGallery


@pytest.fixture(autouse=True)
def _camera_password(monkeypatch):
    monkeypatch.setenv("CAMERA_PASSWORD", "pw-for-tests")


def spec(case: str, change=None):
    data = yaml.safe_load(render_template(case, today=date(2026, 4, 1)))
    if change:
        change(data)
    return load_spec_text(yaml.safe_dump(data, allow_unicode=True)).spec


def test_each_built_case_gets_its_analyser(tmp_path):
    cv2.imwrite(str(tmp_path / "floorplan.png"), np.full((600, 800, 3), 200, np.uint8))
    outputs = CaseOutputs(tmp_path)
    for case, kind in (
        ("counting", CountingAnalyzer),
        ("flow", FlowAnalyzer),
        ("crowd", CrowdAnalyzer),
    ):
        s = spec(case)
        analyser = make_analyzer(s, s.cameras[0], outputs, base_dir=tmp_path)
        assert isinstance(analyser, kind) and analyser.needs_tracks


def test_settings_reach_the_analyser(tmp_path):
    def settings(data):
        data["case_settings"] = {"counting": {"window": "5m", "classes": ["person", "car"]}}

    s = spec("counting", settings)
    analyser = make_analyzer(s, s.cameras[0], CaseOutputs(tmp_path))
    assert analyser._clock.length == timedelta(minutes=5)
    assert sorted(analyser.class_names.values()) == ["car", "person"]
    assert detector_plan("counting", CountingSettings(classes=["person", "car"])).classes == (0, 2)
    assert plan_for(s).classes == (0, 2)


def test_a_case_without_an_analyser_is_a_clear_error(tmp_path):
    s = spec("street")  # a batch case: `privacam anonymize`, no stream analyser
    with pytest.raises(InputError, match="'street' has no analyser yet"):
        make_analyzer(s, s.cameras[0], CaseOutputs(tmp_path))
    with pytest.raises(InputError, match="no analyser yet"):
        detector_plan("street")


def test_the_face_cases_get_their_analysers_and_repeat_its_gallery(tmp_path):
    outputs = CaseOutputs(tmp_path)
    s = spec("attributes")
    analyser = make_analyzer(s, s.cameras[0], outputs)
    assert isinstance(analyser, AttributeAnalyzer) and analyser.needs_faces
    assert analyser.brackets.labels == ("0-19", "20-39", "40-59", "60+")
    s = spec("repeat")
    gallery = MemoryGallery()
    analyser = make_analyzer(s, s.cameras[0], outputs, gallery=gallery)
    assert isinstance(analyser, RepeatAnalyzer) and analyser.gallery is gallery
    assert analyser.store_id == s.site.id == "ikebukuro"
    with pytest.raises(InputError, match="needs the encrypted vault"):
        make_analyzer(s, s.cameras[0], outputs)


def test_the_face_cases_ask_for_the_face_stage_with_their_licence_clean_models():
    assert detector_plan("attributes").face_reading.age_gender_model == "cydral_age_gender"
    assert detector_plan("attributes").face_reading.embedder_model is None
    assert detector_plan("repeat").face_reading.embedder_model == "dlib_resnet"
    assert detector_plan("repeat").face_reading.age_gender_model is None
    assert detector_plan("counting").face_reading is None


def test_a_repeat_site_that_is_not_one_of_the_stores_is_refused_before_anything_runs(tmp_path):
    for site_id in ("shibuya", None):
        s = spec("repeat", lambda data, site_id=site_id: data["site"].update(id=site_id))
        with pytest.raises(InputError, match=r"site.id must name one of .*\(ikebukuro\)"):
            make_analyzer(s, s.cameras[0], CaseOutputs(tmp_path), gallery=MemoryGallery())


def test_too_few_floor_points_is_a_clear_error(tmp_path):
    def three(data):
        data["cameras"][0]["floor_points"] = data["cameras"][0]["floor_points"][:3]

    s = spec("crowd", three)
    with pytest.raises(InputError, match=r"cam1.*at least 4 floor_points"):
        make_analyzer(s, s.cameras[0], CaseOutputs(tmp_path))


def test_degenerate_floor_points_are_a_clear_error(tmp_path):
    def collinear(data):
        for i, pair in enumerate(data["cameras"][0]["floor_points"]):
            pair["image"] = [100 * i, 100 * i]

    s = spec("flow", collinear)
    with pytest.raises(InputError, match=r"cam1: floor_points: .*one line"):
        make_analyzer(s, s.cameras[0], CaseOutputs(tmp_path))


def test_floor_plan_is_read_relative_to_the_deployment(tmp_path):
    plan = np.full((600, 800, 3), 200, np.uint8)
    cv2.imwrite(str(tmp_path / "floorplan.png"), plan)
    s = spec("crowd")
    analyser = make_analyzer(s, s.cameras[0], CaseOutputs(tmp_path), base_dir=tmp_path)
    # The template's plan is 40 m wide: 800 px → 0.05 m per plan pixel.
    assert analyser.floor.metres_per_unit == pytest.approx(0.05)
    assert analyser.floor.floor_bounds == (0.0, 0.0, 800.0, 600.0)


def test_crowd_plan_detects_on_tiles():
    plan = detector_plan("crowd")
    assert plan.tiled and plan.classes == (0,)
    assert plan.tracker.new_track_score <= 0.3 + 1e-9
