"""``privacam run``: the pipeline a deployment file describes, from preflight to the last batch.

1. Load the file; install the secret-redacting log filter.
2. Refuse to start while ``check`` reports errors, while no notice was rendered for
   the file's current hash, or while the justification or the sign-off is missing or
   dated after a ``period.start`` that has passed.
3. Per camera: open the source (a wrong source fails here, before anything is
   written), build the case's analyser and the detector it asks for, and check
   the camera's lines and zones against the frame size.
4. Open the store, write the RunRecord (the file's hash, the model digests) and
   audit ``run.start``.
5. Run each camera in its own thread (ONNX Runtime and decoding release the GIL);
   the main thread shows progress, handles SIGINT/SIGTERM and sweeps retention.
6. Close every camera's open window (kept or dropped, and say which), write the
   run's end and audit ``run.end``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rich.console import Console

from privacam.cases import registry
from privacam.cases.base import CaseOutputs
from privacam.cases.gallery import VisitorGallery
from privacam.errors import InputError, PrivacamError
from privacam.policy.loader import LoadedSpec, SecretRedactingFilter, load_spec
from privacam.policy.notice.manifest import default_notice_dir
from privacam.policy.spec import Camera
from privacam.records import RunRecord
from privacam.runtime.camera_run import CameraOutcome, CameraRun
from privacam.runtime.clock import FrameClock
from privacam.runtime.gallery import needs_gallery, open_gallery
from privacam.runtime.journal import PeriodicSweeper, RunJournal
from privacam.runtime.pipeline import VisionPipeline
from privacam.runtime.preflight import (
    require_clean_check,
    require_current_notice,
    require_written_before_capture,
    tighten_store_files,
)
from privacam.runtime.progress import CameraStatus, RunDisplay
from privacam.runtime.push_sender import PushSender
from privacam.runtime.push_target import PushTarget
from privacam.runtime.recordings import (
    RecordingPlacement,
    place_recordings,
    refuse_observed_recordings,
)
from privacam.runtime.wiring import CaseWiring, wire_case
from privacam.store import Store, open_store
from privacam.store.outbox import Backlog, edge_identity
from privacam.store.vault_gallery import VaultGallery
from privacam.vision.sources import Source, open_source, redact_url

log = logging.getLogger(__name__)


@dataclass
class RunOptions:
    """What ``privacam run`` takes besides the deployment file."""

    notice_dir: Path | None = None
    #: Replaces the source of ``camera`` (default: the only camera) for this run.
    source: str | None = None
    camera: str | None = None
    #: Frame rate of the source (required for image folders when the file gives none).
    fps: float | None = None
    max_frames: int | None = None
    #: Where the case writes its floor-plan drawings (heatmaps, icon map).
    out_dir: Path | None = None
    #: Wall-clock time of a file's first frame (default: the run's start).
    start_time: datetime | None = None
    sweep_interval_s: float = 600.0
    show_progress: bool = True
    #: Delete and rewrite what earlier runs stored for the spans this run observes.
    replace: bool = False
    #: Push each committed window's minimised records to a central server (``--push``).
    push: PushTarget | None = None


@dataclass
class RunResult:
    run: RunRecord
    outcomes: list[CameraOutcome]
    store_url: str
    out_dir: Path
    records_written: int
    stop_reason: str | None = None
    messages: list[str] = field(default_factory=list)
    #: What the push outbox still held when the run ended (``None`` without ``--push``).
    push_backlog: Backlog | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.run.status == "failed" else 0


@dataclass
class _Prepared:
    camera: Camera
    source: Source
    public_source: str
    wiring: CaseWiring


def _install_redaction(loaded: LoadedSpec) -> Callable[[], None]:
    """Add the secret filter to every root handler (filters on loggers miss child loggers)."""
    redacting = SecretRedactingFilter(loaded)
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(redacting)

    def remove() -> None:
        for handler in handlers:
            handler.removeFilter(redacting)

    return remove


def _chosen_camera(loaded: LoadedSpec, options: RunOptions) -> str | None:
    ids = [c.id for c in loaded.spec.cameras]
    if options.camera is not None and options.camera not in ids:
        raise InputError(f"no camera {options.camera!r} in the deployment; cameras: {ids}")
    if options.source is None:
        return None
    if options.camera is None and len(ids) > 1:
        raise InputError(
            f"--source replaces one camera's source, but the deployment has {len(ids)} "
            f"cameras {ids}; say which with --camera ID"
        )
    return options.camera or ids[0]


def _open_camera(
    loaded: LoadedSpec, index: int, override: str | None, options: RunOptions
) -> tuple[Source, str]:
    camera = loaded.public.cameras[index]
    # The camera's ${ENV_VAR} secrets are resolved only when its own source is opened.
    spec_source = override if override is not None else loaded.camera_source(index)
    shown = loaded.redact(override) if override is not None else camera.source
    fps = options.fps or camera.fps
    source = open_source(spec_source, fps=fps, source_id=camera.id)
    return source, redact_url(shown)


def prepare_cameras(
    loaded: LoadedSpec,
    options: RunOptions,
    out_dir: Path,
    *,
    gallery: VisitorGallery | None = None,
) -> list[_Prepared]:
    """Open every camera's source and build its case (case ③ matching through ``gallery``);
    close what was opened on any error."""
    overridden = _chosen_camera(loaded, options)
    cameras = [
        (i, c)
        for i, c in enumerate(loaded.spec.cameras)
        if options.camera is None or c.id == options.camera
    ]
    prepared: list[_Prepared] = []
    try:
        for index, camera in cameras:
            override = options.source if camera.id == overridden else None
            source, shown = _open_camera(loaded, index, override, options)
            try:
                wiring = wire_case(
                    loaded,
                    camera,
                    CaseOutputs(out_dir),
                    source.info,
                    gallery=gallery,
                    cameras=len(cameras),
                )
            except BaseException:
                source.close()
                raise
            prepared.append(_Prepared(camera, source, shown, wiring))
    except BaseException:
        for item in prepared:
            item.source.close()
        raise
    return prepared


def run_deployment(
    path: str | Path, options: RunOptions | None = None, *, console: Console | None = None
) -> RunResult:
    """Run the deployment at ``path``; raises RunRefused/InputError before anything is written."""
    options = options or RunOptions()
    console = console or Console(stderr=True, highlight=False)
    loaded = load_spec(path)
    remove_filter = _install_redaction(loaded)
    try:
        return _run(loaded, options, console)
    finally:
        remove_filter()


def _refuse_batch_case(loaded: LoadedSpec) -> None:
    """A batch case (⑤ masks files) has no stream to run, so say which command it is."""
    entry = registry.CASES.get(loaded.spec.case)
    if entry is None or entry.runs_as is not registry.RunsAs.batch:
        return
    file = loaded.path or "privacam.yaml"
    raise InputError(
        f"{file} は事例⑤（車載カメラ等の画像のマスク処理）です。run ではなく "
        f"`privacam anonymize 入力 -o 出力先 --spec {file}` で処理してください / {file} is "
        f"case ⑤ (street imagery), a batch job, not a stream: mask its images and videos with "
        f"`privacam anonymize INPUT... -o OUTDIR --spec {file}`"
    )


def _run(loaded: LoadedSpec, options: RunOptions, console: Console) -> RunResult:
    _refuse_batch_case(loaded)
    require_clean_check(loaded)
    notice_dir = options.notice_dir or default_notice_dir(loaded)
    require_current_notice(loaded, notice_dir)
    require_written_before_capture(loaded)
    base = loaded.path.parent if loaded.path is not None else Path.cwd()
    out_dir = options.out_dir or base / "outputs"
    out_dir.mkdir(parents=True, exist_ok=True)
    # Case ③ matches through the vault, which lives in the store: open it first then.
    early = open_store(loaded) if needs_gallery(loaded) else None
    try:
        gallery = open_gallery(early, loaded) if early is not None else None
        prepared = prepare_cameras(loaded, options, out_dir, gallery=gallery)
    except BaseException:
        if early is not None:
            early.close()
        raise
    try:
        store = early or open_store(loaded)
    except BaseException:
        for item in prepared:
            item.source.close()
        raise
    with store:
        try:
            exposed = tighten_store_files(store)
            if exposed:
                console.print(exposed)
            placement = place_recordings(
                store, {p.camera.id: p.source.info for p in prepared}, options.start_time
            )
            for line in placement.describe():
                console.print(line)
            if not options.replace:
                refuse_observed_recordings(
                    store, _recorded_spans(prepared, placement.start, options.max_frames)
                )
        except BaseException:
            for item in prepared:
                item.source.close()
            raise
        return _run_cameras(
            loaded, options, console, store, prepared, out_dir, notice_dir, placement, gallery
        )


def _recorded_spans(
    prepared: list[_Prepared], start: datetime, max_frames: int | None
) -> list[tuple[str, datetime, float]]:
    """(camera id, start, seconds) of each recorded (not live) source."""
    spans = []
    for item in prepared:
        info = item.source.info
        if info.is_live:
            continue
        frames = _expected_frames(info, max_frames)
        seconds = (frames - 1) / info.output_fps if frames and info.output_fps else 0.0
        spans.append((item.camera.id, start, seconds))
    return spans


def _run_cameras(
    loaded: LoadedSpec,
    options: RunOptions,
    console: Console,
    store: Store,
    prepared: list[_Prepared],
    out_dir: Path,
    notice_dir: Path,
    placement: RecordingPlacement,
    gallery: VaultGallery | None = None,
) -> RunResult:
    from privacam.runtime.stopping import StopRequest

    journal = _begin_journal(
        loaded, options, console, store, prepared, (notice_dir, out_dir), placement
    )
    if gallery is not None:
        gallery.run_id = journal.run.run_id  # its one audit entry names this run
    display = RunDisplay(console, enabled=options.show_progress)
    runs = _camera_runs(loaded, options, prepared, journal, display, placement.start)
    sweeper = PeriodicSweeper(journal, options.sweep_interval_s)
    errors: list[BaseException] = []
    stop = StopRequest()
    failed = False
    sender = _start_push(loaded, options, store, journal)
    backlog: Backlog | None = None
    try:
        with stop, display:
            _drive(runs, prepared, stop, errors, display, sweeper)
    except BaseException:
        failed = True
        raise
    finally:
        outcomes = [run.outcome for run in runs]
        backlog = _finish_push(sender, options, stopped=stop.is_set() or failed)
        finished = _end_journal(journal, outcomes, stop, errors, failed=failed, push=backlog)
        if gallery is not None:
            gallery.close()
    messages = [o.describe() for o in outcomes]
    if stop.reason:
        messages.insert(0, f"{stop.reason} received: stopped reading and closed the windows")
    if backlog is not None:
        messages.append(
            f"push {options.push.endpoint if options.push else ''}: {backlog.describe()}"
        )
    for message in messages:
        console.print(message)
    if errors:
        raise errors[0]
    return RunResult(
        run=finished,
        outcomes=outcomes,
        store_url=store.display_url,
        out_dir=out_dir,
        records_written=journal.records_written,
        stop_reason=stop.reason,
        messages=messages,
        push_backlog=backlog,
    )


#: The longest a run stopped by a signal or an error waits for its outbox to drain.
STOPPED_DRAIN_S = 5.0


def _start_push(
    loaded: LoadedSpec, options: RunOptions, store: Store, journal: RunJournal
) -> PushSender | None:
    """With ``--push``: queue each batch's pushable records and start the sender thread
    (which first sends whatever earlier runs left in the outbox)."""
    if options.push is None:
        return None
    sender = PushSender(store, options.push)
    journal.push_edge = edge_identity(loaded.spec)
    journal.on_queued = sender.notify
    sender.start()
    return sender


def _finish_push(
    sender: PushSender | None, options: RunOptions, *, stopped: bool
) -> Backlog | None:
    """Wait a bounded time for the outbox to drain; what is left waits for the next run."""
    if sender is None or options.push is None:
        return None
    timeout = options.push.drain_timeout_s
    return sender.drain(min(timeout, STOPPED_DRAIN_S) if stopped else timeout)


def _begin_journal(
    loaded: LoadedSpec,
    options: RunOptions,
    console: Console,
    store: Store,
    prepared: list[_Prepared],
    folders: tuple[Path, Path],
    placement: RecordingPlacement,
) -> RunJournal:
    """Write the run's RunRecord (hash, sources, model digests) and say what runs.

    ``folders`` are the notice folder and the case's output folder; the audit entry
    names the latter so that ``privacam purge`` finds the drawings it must expire."""
    notice_dir, out_dir = folders
    digests: dict[str, str] = {}
    for item in prepared:
        digests.update(item.wiring.model_digests)
    start = placement.start
    journal = RunJournal.begin(
        store,
        loaded,
        sources=[f"{p.camera.id}={p.public_source}" for p in prepared],
        model_digests=digests,
        recordings=placement.recordings,
        recording_start=start,
        details={
            "notice_dir": str(notice_dir),
            "out_dir": str(out_dir.resolve()),
            "file_start_time": start.isoformat(),
        },
        replace=options.replace,
    )
    console.print(
        f"run {journal.run.run_id}: deployment {loaded.short_hash} ({loaded.spec.case.value}), "
        f"store {store.display_url}"
    )
    for name, digest in sorted(digests.items()):
        console.print(f"  model {name} sha256 {digest}")
    return journal


def _camera_runs(
    loaded: LoadedSpec,
    options: RunOptions,
    prepared: list[_Prepared],
    journal: RunJournal,
    display: RunDisplay,
    start: datetime,
) -> list[CameraRun]:
    """One CameraRun per camera, each with its progress line on the display."""
    runs: list[CameraRun] = []
    for item in prepared:
        info = item.source.info
        status = CameraStatus(item.camera.id, total=_expected_frames(info, options.max_frames))
        display.add(status)
        runs.append(
            CameraRun(
                camera_id=item.camera.id,
                source=item.source,
                pipeline=VisionPipeline(
                    item.wiring.detector,
                    item.wiring.tracker,
                    item.wiring.faces,
                    schedule=item.wiring.schedule,
                ),
                analyzer=item.wiring.analyzer,
                journal=journal,
                clock=FrameClock(start=start, live=info.is_live),
                window=item.wiring.window,
                status=status,
                max_frames=options.max_frames,
                say=display.say,
                resolution=item.camera.resolution,
            )
        )
    return runs


def _drive(
    runs: list[CameraRun],
    prepared: list[_Prepared],
    stop,
    errors: list[BaseException],
    display: RunDisplay,
    sweeper: PeriodicSweeper,
) -> None:
    """Each camera on its own thread; this one refreshes progress, relays a stop to the
    sources and sweeps retention until every camera has finished."""
    threads = [
        threading.Thread(target=_guarded(run.run, stop, errors), name=f"camera-{run.camera_id}")
        for run in runs
    ]
    for thread in threads:
        thread.start()
    stopping_sources = False
    while any(t.is_alive() for t in threads):
        for thread in threads:
            thread.join(timeout=0.2)
        display.refresh()
        if stop.is_set() and not stopping_sources:
            stopping_sources = True
            for item in prepared:
                item.source.request_stop()  # a live source blocked on a read returns
        if not stop.is_set():
            _sweep_safely(sweeper)


def _end_journal(
    journal: RunJournal,
    outcomes: list[CameraOutcome],
    stop,
    errors: list[BaseException],
    *,
    failed: bool,
    push: Backlog | None = None,
) -> RunRecord:
    """Write the run's end: failed, interrupted (a stop was asked for) or completed."""
    status = "failed" if failed else "completed"
    if errors or any(o.ended == "failed" for o in outcomes):
        status = "failed"
    elif stop.is_set():  # a stop asked for is an interruption, even if it raised
        status = "interrupted"
    details = {
        "stop_reason": stop.reason,
        "cameras": {o.camera_id: o.to_details() for o in outcomes},
        "errors": [str(e) for e in errors],
    }
    if push is not None:
        details["push_backlog"] = push.to_details()
    return journal.end(status, details)  # type: ignore[arg-type]


def _expected_frames(info, max_frames: int | None) -> int | None:
    if info.is_live or info.frame_count is None:
        return max_frames if max_frames and not info.is_live else None
    if info.target_fps and info.fps and info.target_fps < info.fps:
        total = int(info.frame_count * info.target_fps / info.fps)
    else:
        total = info.frame_count
    return min(total, max_frames) if max_frames else total


def _sweep_safely(sweeper: PeriodicSweeper) -> None:
    try:
        sweeper.maybe_sweep()
    except PrivacamError as error:  # a locked database must not stop the capture
        log.warning("retention sweep failed, will retry: %s", error)


def _guarded(target: Callable, stop, errors: list[BaseException]) -> Callable[[], None]:
    def run() -> None:
        try:
            target(stop)
        except BaseException as error:  # re-raised in the main thread
            errors.append(error)
            stop.set(f"error in {threading.current_thread().name}")

    return run
