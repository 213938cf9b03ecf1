"""The run loop on fake sources and analysers: batches, coverage, outages, keep or drop."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from privacam.cases.base import Observation
from privacam.cases.windows import MAX_FRAME_GAP, RecordBatch, WindowClock
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from privacam.records import Coverage, LineCount, Outage, Record, RunRecord
from privacam.runtime.camera_run import CameraRun
from privacam.runtime.clock import FrameClock
from privacam.runtime.journal import RunJournal
from privacam.runtime.pipeline import VisionPipeline
from privacam.runtime.progress import CameraStatus
from privacam.runtime.stopping import StopRequest
from privacam.store import Store
from privacam.vision.sources import SourceInfo
from privacam.vision.types import Detections, Frame

T0 = datetime(2026, 4, 1, 0, 0, 0, tzinfo=UTC)


class FakeSource:
    """Frames at the given timestamps, 8x8 black, as a file source would give them."""

    def __init__(self, timestamps: list[float], *, live: bool = False) -> None:
        self.timestamps = timestamps
        self.info = SourceInfo("fake", "file", 8, 8, 10.0, len(timestamps), live)
        self.stopped = False

    def __iter__(self) -> Iterator[Frame]:
        for index, ts in enumerate(self.timestamps):
            if self.stopped:
                return
            yield Frame(np.zeros((8, 8, 3), np.uint8), index, ts, "cam1")

    def request_stop(self) -> None:
        self.stopped = True

    def close(self) -> None:
        self.stopped = True

    def __enter__(self) -> FakeSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StopAfter:
    """A detector that finds nothing and requests a stop after ``n`` frames."""

    def __init__(self, stop: StopRequest | None, n: int) -> None:
        self.stop, self.n, self.calls = stop, n, 0

    def detect(self, image: np.ndarray) -> Detections:
        self.calls += 1
        if self.stop is not None and self.calls >= self.n:
            self.stop.set("SIGINT")
        return Detections.empty()


class FrameCounter:
    """A case that counts frames per window: one LineCount per closed window."""

    needs_tracks = False

    def __init__(self, window: timedelta) -> None:
        self.clock = WindowClock(window, UTC, max_frame_gap=MAX_FRAME_GAP)
        self.frames = 0
        self.gaps: list[tuple[datetime, datetime]] = []
        self.closed: list[bool] = []

    @property
    def open_since(self) -> datetime | None:
        return self.clock.start

    def _records(self, spans) -> RecordBatch:
        out: list[Record] = [
            LineCount(
                window_start=s,
                window_end=e,
                camera_id="cam1",
                line="L",
                direction="in",
                class_name="person",
                count=self.frames,
            )
            for s, e in spans
        ]
        if spans:
            self.frames = 0
        return RecordBatch(out, spans)

    def observe(self, observation: Observation) -> RecordBatch:
        assert not hasattr(observation, "image")  # a case never sees pixels
        records = self._records(self.clock.advance(observation.captured_at))
        self.frames += 1
        return records

    def gap(self, start: datetime, end: datetime) -> RecordBatch:
        self.gaps.append((start, end))
        return self._records(self.clock.gap(start, end))

    def close(self, at: datetime, *, keep: bool) -> RecordBatch:
        self.closed.append(keep)
        records = self._records(self.clock.close(at, keep=keep))
        self.frames = 0
        return records


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunJournal:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    store = Store.open(str(tmp_path / "privacam.db"))
    loaded = load_spec_text(render_template("counting"))
    yield RunJournal.begin(store, loaded, sources=["cam1=fake"], model_digests={"m": "0" * 64})
    store.close()


def _run(journal, timestamps, window, *, stop_after=None, max_frames=None, analyzer=None):
    stop = StopRequest()
    analyzer = analyzer or FrameCounter(window)
    source = FakeSource(timestamps)
    run = CameraRun(
        camera_id="cam1",
        source=source,
        pipeline=VisionPipeline(StopAfter(stop if stop_after else None, stop_after or 0), None),
        analyzer=analyzer,
        journal=journal,
        clock=FrameClock(start=T0, live=False),
        window=window,
        status=CameraStatus("cam1", total=len(timestamps)),
        max_frames=max_frames,
        say=lambda _m: None,
    )
    return run.run(stop), analyzer


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_each_window_is_committed_with_exactly_its_coverage(journal) -> None:
    timestamps = [i / 10 for i in range(35)]  # 0.0 .. 3.4 s at 10 fps
    outcome, _ = _run(journal, timestamps, timedelta(seconds=1))
    store = journal.store
    counts = store.read(LineCount)
    coverage = store.read(Coverage)
    assert [(c.window_start, c.window_end, c.count) for c in counts] == [
        (_at(0), _at(1), 10),
        (_at(1), _at(2), 10),
        (_at(2), _at(3), 10),
        (_at(3), _at(3.4), 5),  # end of the file: the open window is kept, closed at the last frame
    ]
    assert [(c.start, c.end) for c in coverage] == [(c.window_start, c.window_end) for c in counts]
    assert outcome.ended == "end" and outcome.open_window == "kept" and outcome.frames == 35
    assert journal.records_written == 8


def test_coverage_is_the_span_the_case_reports_not_a_clock_of_the_runtime(journal) -> None:
    # A case windowing on its own interval (as case ⑥ does): 2 s windows, while the run
    # is told 1 s. The coverage follows the case's windows, so it matches its records.
    timestamps = [i / 10 for i in range(35)]
    _run(journal, timestamps, timedelta(seconds=1), analyzer=FrameCounter(timedelta(seconds=2)))
    counts = journal.store.read(LineCount)
    coverage = [(c.start, c.end) for c in journal.store.read(Coverage)]
    assert coverage == [(_at(0), _at(2)), (_at(2), _at(3.4))]
    assert coverage == [(c.window_start, c.window_end) for c in counts]


def test_an_outage_is_a_gap_in_the_data_not_zeros(journal) -> None:
    timestamps = [i / 10 for i in range(15)] + [5 + i / 10 for i in range(10)]  # silent 1.4–5 s
    outcome, analyzer = _run(journal, timestamps, timedelta(seconds=1))
    store = journal.store
    outages = store.read(Outage)
    assert [(o.start, o.end) for o in outages] == [(_at(1.4), _at(5.0))]
    assert analyzer.gaps == [(_at(1.4), _at(5.0))]
    spans = [(c.start, c.end) for c in store.read(Coverage)]
    assert spans == [(_at(0), _at(1)), (_at(1), _at(1.4)), (_at(5), _at(5.9))]
    assert not any(s < _at(5.0) and e > _at(1.4) for s, e in spans)  # nothing covers the outage
    windows = [(c.window_start, c.window_end) for c in store.read(LineCount)]
    assert windows == spans  # no zero-count rows for 1.4–5 s
    assert outcome.outages == 1


@pytest.mark.parametrize(
    ("stop_after", "fate", "last_window_end"),
    [(30, "dropped", 0.0), (80, "kept", 7.9)],  # 2.9 s or 7.9 s of a 10 s window
)
def test_a_requested_stop_keeps_a_window_observed_half_or_more(
    journal, stop_after, fate, last_window_end
) -> None:
    timestamps = [i / 10 for i in range(200)]
    outcome, analyzer = _run(journal, timestamps, timedelta(seconds=10), stop_after=stop_after)
    assert outcome.ended == "stopped" and outcome.open_window == fate
    assert analyzer.closed == [fate == "kept"]
    counts = journal.store.read(LineCount)
    if fate == "kept":
        assert [(c.window_end, c.count) for c in counts] == [(_at(last_window_end), 80)]
    else:
        assert counts == [] and journal.store.read(Coverage) == []
    assert fate in outcome.describe()


def test_max_frames_ends_like_the_end_of_the_input(journal) -> None:
    outcome, _ = _run(journal, [i / 10 for i in range(100)], timedelta(seconds=60), max_frames=12)
    assert outcome.ended == "max_frames" and outcome.frames == 12
    assert outcome.open_window == "kept"
    assert [c.count for c in journal.store.read(LineCount)] == [12]


def test_the_run_record_carries_hash_and_digests_and_is_audited(journal) -> None:
    journal.end("completed", {"cameras": {}})
    (run,) = journal.store.read(RunRecord)
    assert run.status == "completed" and run.deployment_sha256 == journal.loaded.sha256
    assert run.model_digests == {"m": "0" * 64}
    actions = [e.action for e in journal.store.audit.entries()]
    assert actions == ["run.start", "run.end"]
    assert journal.store.audit.verify().ok


def test_frames_off_the_detection_schedule_are_counted_but_not_observed(journal) -> None:
    from privacam.vision.detectors.pool import DetectorPool
    from privacam.vision.tracking import DetectionSchedule

    timestamps = [i / 10 for i in range(20)]  # 10 fps, detected at 5
    window = timedelta(seconds=1)
    analyzer = FrameCounter(window)
    copies = [StopAfter(None, 0), StopAfter(None, 0)]
    run = CameraRun(
        camera_id="cam1",
        source=FakeSource(timestamps),
        pipeline=VisionPipeline(DetectorPool(copies), None, schedule=DetectionSchedule(5)),
        analyzer=analyzer,
        journal=journal,
        clock=FrameClock(start=T0, live=False),
        window=window,
        status=CameraStatus("cam1", total=len(timestamps)),
        say=lambda _m: None,
    )
    outcome = run.run(StopRequest())
    assert outcome.frames == 20 and outcome.detected_frames == 10
    assert sum(c.calls for c in copies) == 10  # no guess wasted without a tracker
    assert "10 of them detected" in outcome.describe()
    # Windows and coverage still span the whole input, each window seeing 5 frames.
    counts = journal.store.read(LineCount)
    assert [c.count for c in counts] == [5, 5]
    assert counts[-1].window_end == _at(1.9)
