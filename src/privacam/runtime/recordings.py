"""Where a run places recorded files in time, so that the same recording is never counted twice.

A live camera's frames carry the wall clock. A recorded file's frames carry only
their offset from its first frame, so the run must say when that first frame was:

1. ``--start-time``, when given: the operator knows when the recording was made.
2. Otherwise, a recording an earlier run read is placed where that run placed it.
   Each recorded source is fingerprinted (:func:`~privacam.vision.sources.recording_digest`),
   so the same recording run twice lands on the same span, where the store's refusal
   of overlapping coverage applies (and ``run --replace`` rewrites it) instead of every
   count being stored twice.
3. Otherwise, the time the recording was finished being written (its newest file's
   modification time) less its duration: a camera or recorder writes its file as it
   records, so that is when it started. Placing a file at the time it is processed
   instead would make counts meaningless, and two recordings processed faster than
   real time, one after the other, would overlap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from privacam.errors import InputError
from privacam.records import RunRecord
from privacam.store import Store, refuse_observed
from privacam.vision.sources import SourceInfo, recording_digest


@dataclass(frozen=True)
class RecordingPlacement:
    """The time a run's recorded sources start at, and what decided it."""

    start: datetime
    #: Camera id -> digest of the recording it reads (live cameras are absent).
    recordings: Mapping[str, str] = field(default_factory=dict)
    #: Camera id -> the earlier run that read the same recording and set ``start``.
    seen_in: Mapping[str, str] = field(default_factory=dict)
    #: Whether ``start`` was estimated from the files' modification times.
    from_file_times: bool = False

    def describe(self) -> list[str]:
        """What decided the start, one line per cause (ja / en)."""
        when = self.start.isoformat()
        if self.from_file_times:
            return [
                f"録画の開始時刻をファイルの更新時刻と長さから {when} としました（--start-time で"
                f"指定できます） / the recordings are placed at {when}, from their files' "
                "modification time less their length: give --start-time to say when they start"
            ]
        return [
            f"カメラ {camera}: この録画は実行 {run_id} で処理済みのため、同じ時刻 {when} に"
            f"置きます / camera {camera}: this recording was processed by run {run_id}, so it "
            f"is placed at the same time again ({when})"
            for camera, run_id in sorted(self.seen_in.items())
        ]


def place_recordings(
    store: Store, sources: Mapping[str, SourceInfo], start_time: datetime | None
) -> RecordingPlacement:
    """Where the recorded ``sources`` (camera id -> source info) start.

    ``start_time`` (``--start-time``) wins. Otherwise a recording an earlier run read is
    placed where that run placed it (the latest such run); otherwise the recordings'
    files tell (see the module docstring), and a run of live cameras only starts now.
    """
    recordings = {
        camera: digest
        for camera, info in sources.items()
        if (digest := recording_digest(info)) is not None
    }
    if start_time is not None:
        return RecordingPlacement(start_time.astimezone(UTC), recordings)
    earlier: dict[str, tuple[str, datetime]] = {}
    if recordings:
        for run in store.read(RunRecord):  # oldest first: the latest run of a recording wins
            if run.recording_start is None:
                continue
            for camera, digest in run.recordings.items():
                if recordings.get(camera) == digest:
                    earlier[camera] = (run.run_id, run.recording_start)
    starts = {start for _, start in earlier.values()}
    if len(starts) > 1:
        listed = ", ".join(f"{c}: {s.isoformat()}" for c, (_, s) in sorted(earlier.items()))
        raise InputError(
            f"これらの録画は以前、別々の時刻に処理されています（{listed}）。--start-time で時刻を"
            f"指定してください / these recordings were processed before at different times "
            f"({listed}): say when they start with --start-time"
        )
    if starts:
        seen_in = {camera: run_id for camera, (run_id, _) in earlier.items()}
        return RecordingPlacement(starts.pop(), recordings, seen_in)
    recorded = [info for info in sources.values() if not info.is_live and info.files]
    if not recorded:
        return RecordingPlacement(datetime.now(UTC), recordings)
    start = min(_recorded_from(info) for info in recorded)
    return RecordingPlacement(start, recordings, from_file_times=True)


def _recorded_from(info: SourceInfo) -> datetime:
    """When a recording started: its newest file's modification time less its length."""
    written = max(path.stat().st_mtime for path in info.files)
    length = info.frame_count / info.fps if info.frame_count and info.fps else 0.0
    return datetime.fromtimestamp(written, UTC) - timedelta(seconds=length)


def refuse_observed_recordings(store: Store, spans: Sequence[tuple[str, datetime, float]]) -> None:
    """Refuse, before any work, a recording whose span the store already has: processing it
    again would count everything twice. ``spans`` are (camera id, start, seconds). The
    store refuses any overlapping batch anyway; this says so before the first frame."""
    for camera_id, start, seconds in spans:
        refuse_observed(store, camera_id, start, start + timedelta(seconds=seconds))
