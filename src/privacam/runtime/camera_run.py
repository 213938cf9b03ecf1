"""One camera's run loop: frames → observations → case → window batches in the store.

Per frame: give it a capture time, look for an outage since the previous frame,
detect and track, let the case observe it, and write whatever windows that
completed as one batch together with their coverage span. The frame's pixels
stay in this loop's memory and are dropped with the frame.

The case owns the run's only window clock: each call returns a
:class:`~privacam.cases.windows.RecordBatch` with the spans its records cover, and
those spans are the coverage written here. This loop keeps no clock that would
have to mirror the case's (its window length, its midnight alignment, its frame-gap
rule) and could drift from it; a case windowing on its own interval (⑥) needs no
special handling.

An outage (a gap in capture times longer than a few frame intervals, as when a
stream reconnects) closes the case's open window at the last frame before it and
is written as an :class:`~privacam.records.Outage`; coverage resumes at the next
frame. So an outage reads as missing time, never as zero counts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from privacam.cases.base import CaseAnalyzer
from privacam.cases.floor import PlanCoverage
from privacam.cases.windows import RecordBatch
from privacam.errors import InputError
from privacam.records import Coverage, Outage
from privacam.runtime.clock import FrameClock, GapDetector
from privacam.runtime.journal import RunJournal
from privacam.runtime.pipeline import VisionPipeline
from privacam.runtime.progress import CameraStatus
from privacam.runtime.stopping import KEEP_FRACTION, StopRequest, keep_open_window
from privacam.vision.sources import Source

log = logging.getLogger(__name__)

#: What one frame stands for when the source gives no rate: a single still image, which
#: the image source times at 1 frame per second.
STILL_FRAME_SPAN = timedelta(seconds=1)

Ending = Literal["end", "max_frames", "stopped", "failed"]
WindowFate = Literal["kept", "dropped", "none"]


@dataclass
class CameraOutcome:
    """How one camera's run ended, and what became of its open window."""

    camera_id: str
    frames: int = 0
    ended: Ending = "end"
    open_window: WindowFate = "none"
    open_window_span: tuple[datetime, datetime] | None = None
    outages: int = 0
    #: Frames the source could not decode and left out (each run of them is an outage).
    skipped_frames: int = 0
    #: Frames the detector ran on (the case's ``detect_fps`` bridges the others).
    detected_frames: int = 0
    #: Floor positions the case placed on its floor plan and outside it (② and ⑥ only).
    plan: PlanCoverage | None = None
    error: str | None = None
    first_frame_at: datetime | None = None
    last_frame_at: datetime | None = None
    window: timedelta | None = None
    #: Wall seconds from opening the frame loop to the last committed batch.
    elapsed_s: float = 0.0

    def describe(self) -> str:
        """One line for the console and the audit log."""
        how = {
            "end": "reached the end of its input",
            "max_frames": "stopped at --max-frames",
            "stopped": "stopped on request",
            "failed": f"failed: {self.error}",
        }[self.ended]
        if self.open_window == "none" or self.open_window_span is None:
            window = "no window was open"
        else:
            start, end = self.open_window_span
            observed = _seconds(end - start)
            verb = "kept, closed at the last frame" if self.open_window == "kept" else "dropped"
            why = ""
            if self.ended in ("stopped", "failed"):
                length = f" of {_seconds(self.window)}" if self.window else ""
                why = f" (observed {observed}{length}; {KEEP_FRACTION:.0%} or more keeps a window)"
            window = f"open window {start.isoformat(timespec='seconds')}… {verb}{why}"
        line = f"{self.camera_id}: {how} after {self.frames} frames; {window}"
        if self.frames and self.detected_frames < self.frames:
            line += f"; {self.detected_frames} of them detected (detect_fps)"
        if self.skipped_frames:
            line += f"; {self.skipped_frames} unreadable frame(s) skipped, recorded as gaps"
        off_plan = self.plan.describe() if self.plan is not None else None
        if off_plan:
            line += f"; {off_plan}"
        return line

    def to_details(self) -> dict[str, object]:
        return {
            "frames": self.frames,
            "ended": self.ended,
            "open_window": self.open_window,
            "open_window_span": [t.isoformat() for t in self.open_window_span]
            if self.open_window_span
            else None,
            "outages": self.outages,
            "skipped_frames": self.skipped_frames,
            "detected_frames": self.detected_frames,
            "floor_positions": None
            if self.plan is None
            else {"on_plan": self.plan.on_plan, "off_plan": self.plan.off_plan},
            "error": self.error,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def _seconds(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


@dataclass
class CameraRun:
    """Drives one camera from its open source to its last committed window."""

    camera_id: str
    source: Source
    pipeline: VisionPipeline
    analyzer: CaseAnalyzer
    journal: RunJournal
    clock: FrameClock
    window: timedelta
    status: CameraStatus
    max_frames: int | None = None
    say: Callable[[str], None] = print
    gap_factor: float = 5.0
    #: The deployment file's ``resolution`` (width, height): its geometry is in these pixels.
    resolution: tuple[int, int] | None = None
    outcome: CameraOutcome = field(init=False)

    def __post_init__(self) -> None:
        self.outcome = CameraOutcome(self.camera_id, window=self.window)
        interval = 1.0 / self.source.info.output_fps if self.source.info.output_fps else None
        self._gaps = GapDetector(
            interval, factor=self.gap_factor, min_gap_s=1.0 if self.source.info.is_live else 0.0
        )
        self._resolution_checked = self.resolution is None

    # ------------------------------------------------------------------ batches

    def _commit(self, batch: RecordBatch, outage: Outage | None = None) -> None:
        records = list(batch.records)
        records += [Coverage(camera_id=self.camera_id, start=s, end=e) for s, e in batch.spans]
        if outage is not None:
            records.append(outage)
        written = self.journal.commit(records)
        self.status.records += written
        if batch.spans:
            self.status.last_window = batch.spans[-1][1]

    # ------------------------------------------------------------------ the loop

    def run(self, stop: StopRequest) -> CameraOutcome:
        outcome = self.outcome
        began = time.perf_counter()
        last_at: datetime | None = None
        try:
            with self.source, closing(self.pipeline.frames(self.source)) as frames:
                for frame, pending in frames:
                    if stop.is_set():
                        break
                    at = self.clock.captured_at(
                        timestamp=frame.timestamp, frame_captured_at=frame.captured_at
                    )
                    self._check_resolution(frame.width, frame.height)
                    gap = self._gaps.check(at)
                    if frame.skipped_before:
                        outcome.skipped_frames += frame.skipped_before
                        if last_at is not None:  # before the first frame nothing was open
                            self._outage(
                                last_at,
                                at,
                                reason=f"{frame.skipped_before} unreadable frame(s) skipped",
                            )
                    elif gap is not None:
                        self._outage(*gap, reason="no frames (source stalled or reconnecting)")
                    observation = self.pipeline.observe(frame, self.camera_id, at, pending)
                    del frame  # the pixels end here
                    if observation is not None:  # None: off the detection schedule
                        batch = self.analyzer.observe(observation)
                        if batch:
                            self._commit(batch)
                    last_at = at
                    outcome.first_frame_at = outcome.first_frame_at or at
                    outcome.frames += 1
                    self.status.frames = outcome.frames
                    if self.max_frames is not None and outcome.frames >= self.max_frames:
                        outcome.ended = "max_frames"
                        break
        except InputError as error:  # a dead stream, a corrupt file: keep what is complete
            outcome.ended, outcome.error = "failed", str(error)
            log.error("%s: %s", self.camera_id, error)
            if last_at is not None:
                now = datetime.now(UTC)
                if self.source.info.is_live and now > last_at:
                    self._outage(last_at, now, reason=f"source failed: {error}")
                    last_at = None  # the gap already closed the open window
        finally:
            self.pipeline.close()  # the detector pool's threads, if any
            outcome.detected_frames = self.pipeline.schedule.detected
        if outcome.ended == "end" and stop.is_set():
            outcome.ended = "stopped"
        outcome.last_frame_at = last_at
        if last_at is not None:
            self._close(last_at)
        outcome.elapsed_s = time.perf_counter() - began
        self._report_plan_coverage()
        return outcome

    def _check_resolution(self, width: int, height: int) -> None:
        """Warn once when the frames' size is not the file's ``resolution``."""
        if self._resolution_checked:
            return
        self._resolution_checked = True
        declared = self.resolution
        if declared is None or (width, height) == tuple(declared):
            return
        dw, dh = declared
        log.warning(
            "%s: 実際の解像度 %dx%d がデプロイメントファイルの resolution %dx%d と異なります。"
            "計測線・エリア・floor_points はその画素で書かれているので確認してください / "
            "%s: the camera gives %dx%d frames but the file says resolution %dx%d; its lines, "
            "zones and floor_points are in those pixels, so check them",
            self.camera_id,
            width,
            height,
            dw,
            dh,
            self.camera_id,
            width,
            height,
            dw,
            dh,
        )

    def _report_plan_coverage(self) -> None:
        plan = getattr(self.analyzer, "plan_coverage", None)
        if not isinstance(plan, PlanCoverage):
            return
        self.outcome.plan = plan
        if plan.off_plan:
            log.warning(
                "%s: 人物の位置 %d 件中 %d 件が平面図の外にあり、地図に含まれていません。"
                "floor_points を確認してください / %s: %s",
                self.camera_id,
                plan.total,
                plan.off_plan,
                self.camera_id,
                plan.describe(),
            )

    def _outage(self, start: datetime, end: datetime, *, reason: str) -> None:
        outage = Outage(camera_id=self.camera_id, start=start, end=end, reason=reason)
        self._commit(self.analyzer.gap(start, end), outage)
        self.outcome.outages += 1
        self.say(
            f"{self.camera_id}: outage {start.isoformat(timespec='seconds')} – "
            f"{end.isoformat(timespec='seconds')} ({_seconds(end - start)}); recorded as a gap"
        )

    def _close(self, last_at: datetime) -> None:
        outcome = self.outcome
        opened = self.analyzer.open_since
        if opened is None:
            outcome.open_window = "none"
            self.analyzer.close(last_at, keep=False)
            return
        if outcome.ended in ("end", "max_frames"):
            keep = True  # the input is all there is to observe
        else:
            keep = keep_open_window(opened, last_at, self.window)
        # A window that saw a single frame still observed that frame: it spans one frame
        # interval, never nothing (a crowd count of one still image is a window too).
        end = last_at if last_at > opened else opened + self._frame_span()
        outcome.open_window = "kept" if keep else "dropped"
        outcome.open_window_span = (opened, end)
        self._commit(self.analyzer.close(end, keep=keep))

    def _frame_span(self) -> timedelta:
        fps = self.source.info.output_fps
        return timedelta(seconds=1.0 / fps) if fps else STILL_FRAME_SPAN
