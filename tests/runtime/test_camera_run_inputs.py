"""The run loop on awkward inputs: a single frame, a corrupt frame in a folder, a camera that
is not the resolution the file says, positions off the floor plan."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np

from privacam.cases.floor import PlanCoverage
from privacam.records import Coverage, LineCount, Outage
from privacam.runtime import RunOptions, run_deployment
from privacam.runtime.camera_run import CameraRun
from privacam.runtime.clock import FrameClock
from privacam.runtime.pipeline import VisionPipeline
from privacam.runtime.progress import CameraStatus
from privacam.runtime.stopping import StopRequest
from privacam.store import Store
from privacam.vision.sources import SourceInfo
from privacam.vision.types import Frame
from tests.runtime.test_camera_run import T0, FakeSource, FrameCounter, StopAfter, journal

__all__ = ["journal"]  # the fixture, shared with test_camera_run


class SkippingSource(FakeSource):
    """Frames at ``timestamps``; those in ``corrupt`` are left out, as a folder source does."""

    def __init__(self, timestamps, corrupt=(), *, size=(8, 8), fps: float | None = 10.0):
        super().__init__(timestamps)
        self.corrupt = set(corrupt)
        self.size = size
        width, height = size
        self.info = SourceInfo("fake", "folder", width, height, fps, len(timestamps), False)

    def __iter__(self) -> Iterator[Frame]:
        width, height = self.size
        skipped = 0
        for index, ts in enumerate(self.timestamps):
            if index in self.corrupt:
                skipped += 1
                continue
            image = np.zeros((height, width, 3), np.uint8)
            yield Frame(image, index, ts, "cam1", skipped_before=skipped)
            skipped = 0


def _run(journal, source, window=timedelta(seconds=60), analyzer=None, **options):
    analyzer = analyzer or FrameCounter(window)
    run = CameraRun(
        camera_id="cam1",
        source=source,
        pipeline=VisionPipeline(StopAfter(None, 0), None),
        analyzer=analyzer,
        journal=journal,
        clock=FrameClock(start=T0, live=False),
        window=window,
        status=CameraStatus("cam1", total=len(source.timestamps)),
        say=lambda _m: None,
        **options,
    )
    return run.run(StopRequest()), analyzer


def _at(seconds: float):
    return T0 + timedelta(seconds=seconds)


def test_a_single_frame_is_a_window_of_one_frame_interval(journal) -> None:
    outcome, _ = _run(journal, SkippingSource([0.0], fps=10.0))
    (count,) = journal.store.read(LineCount)
    assert (count.window_start, count.window_end, count.count) == (_at(0), _at(0.1), 1)
    assert [(c.start, c.end) for c in journal.store.read(Coverage)] == [(_at(0), _at(0.1))]
    assert outcome.open_window == "kept"


def test_a_still_image_without_a_rate_is_a_window_of_one_second(journal) -> None:
    _run(journal, SkippingSource([0.0], fps=None))
    (count,) = journal.store.read(LineCount)
    assert (count.window_end - count.window_start, count.count) == (timedelta(seconds=1), 1)


def test_a_skipped_corrupt_frame_is_a_gap_and_the_run_goes_on(journal) -> None:
    timestamps = [i / 10 for i in range(10)]
    outcome, analyzer = _run(journal, SkippingSource(timestamps, corrupt={5}))
    assert outcome.ended == "end" and outcome.error is None and outcome.frames == 9
    (outage,) = journal.store.read(Outage)
    assert (outage.start, outage.end) == (_at(0.4), _at(0.6))
    assert "1 unreadable frame" in outage.reason
    assert analyzer.gaps == [(_at(0.4), _at(0.6))]
    spans = [(c.start, c.end) for c in journal.store.read(Coverage)]
    assert spans == [(_at(0), _at(0.4)), (_at(0.6), _at(0.9))]  # nothing covers the gap
    assert outcome.skipped_frames == 1 and outcome.outages == 1
    assert "1 unreadable frame(s) skipped" in outcome.describe()


def test_a_camera_whose_resolution_differs_from_the_file_is_warned_once(journal, caplog) -> None:
    source = SkippingSource([i / 10 for i in range(5)], size=(320, 240))
    _run(journal, source, resolution=(640, 480))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "320x240" in warnings[0] and "640x480" in warnings[0] and "解像度" in warnings[0]


def test_a_camera_at_the_file_resolution_is_not_warned(journal, caplog) -> None:
    _run(journal, SkippingSource([0.0, 0.1], size=(640, 480)), resolution=(640, 480))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


class OffPlanCounter(FrameCounter):
    def __init__(self, window: timedelta) -> None:
        super().__init__(window)
        self.plan_coverage = PlanCoverage(on_plan=3, off_plan=2)


def test_the_run_summary_reports_positions_off_the_floor_plan(journal, caplog) -> None:
    outcome, _ = _run(
        journal, SkippingSource([0.0, 0.1]), analyzer=OffPlanCounter(timedelta(seconds=60))
    )
    assert "2 of 5 floor positions (40%) fell outside the floor plan" in outcome.describe()
    assert outcome.to_details()["floor_positions"] == {"on_plan": 3, "off_plan": 2}
    assert "平面図の外" in caplog.text and "check floor_points" in caplog.text


# ---------------------------------------------------------------- through `run`, no models


def test_run_on_a_folder_skips_a_corrupt_frame_and_records_it_as_a_gap(
    make_deployment, no_models, tmp_path: Path
) -> None:
    folder = tmp_path / "frames"
    folder.mkdir()
    for i in range(20):
        cv2.imwrite(str(folder / f"{i:06d}.png"), np.full((480, 640, 3), 10 * i, np.uint8))
    (folder / "000010.png").write_bytes(b"\x89PNG\r\n\x1a\n but cut off")
    path = make_deployment("counting", folder, fps=10)
    result = run_deployment(path, RunOptions(show_progress=False))
    assert result.run.status == "completed" and result.exit_code == 0
    (outcome,) = result.outcomes
    assert outcome.frames == 19 and outcome.skipped_frames == 1
    with Store.open(str(path.parent / "privacam.db")) as store:
        (outage,) = store.read(Outage)
        coverage = [(c.start, c.end) for c in store.read(Coverage)]
    assert round((outage.end - outage.start).total_seconds(), 3) == 0.2  # frame 9 → frame 11
    assert not any(s < outage.end and e > outage.start for s, e in coverage)


def test_crowd_on_one_image_stores_its_window(make_deployment, no_models, tmp_path) -> None:
    image = tmp_path / "still.jpg"
    cv2.imwrite(str(image), np.full((480, 640, 3), 128, np.uint8))
    path = make_deployment("crowd", image)
    result = run_deployment(path, RunOptions(show_progress=False))
    assert result.run.status == "completed"
    with Store.open(str(path.parent / "privacam.db")) as store:
        counts = store.counts()
        (coverage,) = store.read(Coverage)
    assert counts["crowd_intervals"] == 2  # "all" and the template's one zone
    assert coverage.end - coverage.start == timedelta(seconds=1)
    assert (path.parent / "outputs" / "icon_map_cam1.jpg").is_file()
