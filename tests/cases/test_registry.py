"""The case registry: one entry per case, and the runtime and CLI read nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from privacam.cases import registry
from privacam.cases.base import CaseOutputs
from privacam.cases.entry import CameraContext, CaseEntry, RunsAs
from privacam.errors import InputError
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.policy.spec import Case, RepeatSettings
from privacam.records import RECORD_KINDS, LineCount
from privacam.runtime.run import _refuse_batch_case
from privacam.runtime.wiring import wire_case
from privacam.vision.sources import SourceInfo
from privacam.vision.tracking import DetectionSchedule


@pytest.fixture(autouse=True)
def _camera_password(monkeypatch):
    monkeypatch.setenv("CAMERA_PASSWORD", "pw-for-tests")


def loaded(case: str):
    data = yaml.safe_load(render_template(case, today=date(2026, 4, 1)))
    return load_spec_text(yaml.safe_dump(data, allow_unicode=True))


class FakeDetector:
    def detect(self, image):  # pragma: no cover - never called here
        raise AssertionError


@dataclass(frozen=True)
class FakePlan:
    model_names: tuple[str, ...] = ()
    tracker: object = None
    face_reading: object = None

    def build(self, resolved, intra_op_num_threads=None):
        return FakeDetector()

    def build_face_reader(self, resolved):
        return None

    def schedule(self):
        return DetectionSchedule(None)


@dataclass
class FakeAnalyzer:
    context: CameraContext
    settings: RepeatSettings
    needs_tracks: bool = False


def fake_entry(runs_as: RunsAs = RunsAs.stream) -> CaseEntry:
    return CaseEntry(
        case=Case.repeat,
        settings=RepeatSettings,
        runs_as=runs_as,
        record_kinds=(LineCount,),
        analyzer=FakeAnalyzer,
        detector_plan=lambda settings: FakePlan(),
        window=lambda settings: timedelta(minutes=7),
    )


def test_a_new_case_entry_is_wired_by_the_runtime_without_other_changes(
    monkeypatch, tmp_path: Path
) -> None:
    spec = loaded("repeat")
    without = {case: entry for case, entry in registry.CASES.items() if case is not Case.repeat}
    monkeypatch.setattr(registry, "CASES", without)  # as before case ③ had its entry
    with pytest.raises(InputError, match="'repeat' has no analyser yet"):
        wire_case(spec, spec.spec.cameras[0], CaseOutputs(tmp_path), _info())
    monkeypatch.setattr(registry, "CASES", {**without, Case.repeat: fake_entry()})
    wiring = wire_case(spec, spec.spec.cameras[0], CaseOutputs(tmp_path), _info(), cores=1)
    assert isinstance(wiring.analyzer, FakeAnalyzer)
    assert isinstance(wiring.detector, FakeDetector) and wiring.tracker is None
    assert wiring.window == timedelta(minutes=7) == wiring.analyzer.context.window
    assert wiring.analyzer.context.camera.id == spec.spec.cameras[0].id
    assert isinstance(wiring.analyzer.settings, RepeatSettings)


def test_a_batch_entry_is_refused_by_run_with_the_command_to_use(monkeypatch) -> None:
    spec = loaded("repeat")
    _refuse_batch_case(spec)  # a stream case is not a batch case
    monkeypatch.setattr(
        registry, "CASES", {**registry.CASES, Case.repeat: fake_entry(RunsAs.batch)}
    )
    with pytest.raises(InputError, match="privacam anonymize"):
        _refuse_batch_case(spec)


def test_built_cases_are_the_registry_stream_entries() -> None:
    assert registry.BUILT_CASES == ("counting", "flow", "crowd", "attributes", "repeat")
    assert registry.built_cases(RunsAs.batch) == ("street",)
    with pytest.raises(
        InputError, match=r"privacam runs counting, flow, crowd, attributes, repeat"
    ):
        registry.stream_entry("street")


def test_every_entry_declares_a_whole_stream_or_batch_case() -> None:
    for case, entry in registry.CASES.items():
        assert entry.case is case
        stream_parts = (entry.analyzer, entry.detector_plan, entry.window)
        if entry.runs_as is RunsAs.stream:
            assert all(part is not None for part in stream_parts), case
            assert entry.record_kinds, case
        else:
            assert all(part is None for part in stream_parts), case
        for kind in entry.record_kinds:
            assert RECORD_KINDS[kind.kind] is kind


def _info() -> SourceInfo:
    return SourceInfo(
        uri="fake", kind="file", width=640, height=480, fps=10.0, frame_count=10, is_live=False
    )
