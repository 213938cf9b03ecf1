"""A whole batch of case ⑤: find inputs, skip finished ones, mask, verify, report.

- Nothing starts while an output could overwrite an input (:mod:`~.overlap`).
- A bad input (unreadable, empty, not an image) is reported and skipped; the
  batch goes on and the summary lists it (the CLI then exits 1). Files of a
  walked folder that are not work are ignored and counted.
- Finished outputs are skipped when their manifest carries this job's
  fingerprint, the output's hash still matches and the input still has the
  SHA-256 recorded for it; a new deployment file, model digest, threshold or
  masking style, or a different file under the same name, reprocesses them.
- Inputs are never changed; ``delete_originals`` removes an input only after
  its output was verified (decoded whole, same size or frame count) and its
  manifest written, and only while its bytes still have the digest that
  manifest records. A truncated video's original is kept.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from privacam import __version__
from privacam.cases.street.detection import resolve_models
from privacam.cases.street.job import MANIFEST_DIR, Job
from privacam.cases.street.metadata import coarsen_sidecar
from privacam.errors import InputError
from privacam.files import write_atomic
from privacam.runtime.batch import engines
from privacam.runtime.batch.inputs import (
    IGNORED_LABELS,
    Ignored,
    InputIdentity,
    Problem,
    WorkItem,
    discover,
)
from privacam.runtime.batch.overlap import refuse_overlaps
from privacam.runtime.batch.worker import ItemResult
from privacam.vision.models import sha256_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchWarning:
    """Something a person should know about one processed input; not a failure."""

    source: Path
    message: str


@dataclass
class BatchSummary:
    processed: list[ItemResult] = field(default_factory=list)
    skipped_finished: list[WorkItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    warnings: list[BatchWarning] = field(default_factory=list)
    sidecars: dict[str, str] = field(default_factory=dict)  # source -> what happened
    deleted_originals: list[Path] = field(default_factory=list)
    qa_sheet: Path | None = None
    faces: int = 0
    plates: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def ignored_counts(self) -> dict[str, int]:
        """How many files were ignored, by what they are (bilingual labels)."""
        counts: dict[str, int] = {}
        for entry in self.ignored:
            label = IGNORED_LABELS[entry.reason]
            counts[label] = counts.get(label, 0) + 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "processed": len(self.processed),
            "skipped_finished": len(self.skipped_finished),
            "faces_masked": self.faces,
            "plates_masked": self.plates,
            "problems": [{"input": str(p.source), "reason": p.reason} for p in self.problems],
            "ignored": [{"path": str(i.path), "reason": i.reason} for i in self.ignored],
            "warnings": [{"input": str(w.source), "message": w.message} for w in self.warnings],
            "sidecars": self.sidecars,
            "deleted_originals": [str(p) for p in self.deleted_originals],
            "qa_sheet": None if self.qa_sheet is None else str(self.qa_sheet),
        }


def with_models(job: Job, *, pin_paths: bool = True) -> Job:
    """Resolve the models once in the parent: a missing model fails before any work starts.

    With ``pin_paths`` local workers load these exact files (whatever their environment
    says); Ray workers on other nodes resolve the same digests through their own
    ``PRIVACAM_MODELS``."""
    if job.detector_factory is not None:
        return replace(job, model_digests=dict(job.detector_factory(job.detector).models))
    models = resolve_models(job.detector)
    paths = {name: str(model.path) for name, model in models.items()} if pin_paths else {}
    return replace(
        job,
        model_digests={name: model.sha256 for name, model in models.items()},
        detector=replace(job.detector, model_paths={**paths, **job.detector.model_paths}),
    )


def finished_manifest(job: Job, item: WorkItem) -> dict[str, Any] | None:
    """The manifest of a finished output of this very input, or None if it must be (re)done."""
    manifest = job.manifest_path(item.relative)
    target = job.outdir / item.output
    if not (manifest.is_file() and target.is_file()):
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        size = item.source.stat().st_size
    except (OSError, ValueError):
        return None
    if not (
        data.get("fingerprint") == job.fingerprint()
        and data.get("verified") is True
        and data.get("input_size") == size  # fast pre-check: another size is another file
        and data.get("output_sha256") == sha256_file(target)
    ):
        return None
    try:
        # a camera reuses FILE0001.MP4 every day: the name proves nothing, the digest does
        same_input = InputIdentity.read(item.source).sha256 == data.get("input_sha256")
    except InputError:
        return None
    return data if same_input else None


def write_manifest(job: Job, result: ItemResult) -> Path:
    path = job.manifest_path(result.item.relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert result.output is not None
    data = {
        "privacam_version": __version__,
        "input": result.item.relative.as_posix(),
        "output": result.output.as_posix(),
        "output_sha256": sha256_file(job.outdir / result.output),
        "verified": result.verified,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **job.describe(),
        **result.fields,
    }
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))
    return path


def handle_sidecar(job: Job, item: WorkItem) -> str:
    settings = job.settings
    if not settings.copy_sidecars:
        return "not copied (deployment: copy_sidecars false)"
    if settings.gps_decimals is None:
        return "not copied (deployment removes GPS: gps_decimals null)"
    try:
        text = item.source.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"not copied: cannot read ({error.strerror or error})"
    target = job.outdir / item.relative
    write_atomic(
        target, coarsen_sidecar(text, item.source.suffix, settings.gps_decimals).encode("utf-8")
    )
    return f"copied with positions rounded to {settings.gps_decimals} decimals"


def run_batch(
    inputs: list[Path],
    job: Job,
    *,
    engine: str = "process",
    workers: int | None = None,
    delete_originals: bool = False,
    qa_sheet: bool = True,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> BatchSummary:
    """Anonymise every input into ``job.outdir``; never raises for a bad input."""
    summary = BatchSummary()
    found = discover(inputs, job.outdir)
    refuse_overlaps(inputs, job.outdir, found.items)  # before anything is written
    summary.problems.extend(found.problems)
    summary.ignored.extend(found.ignored)
    media = [i for i in found.items if i.kind != "sidecar"]
    for item in found.items:
        if item.kind == "sidecar":
            summary.sidecars[str(item.source)] = handle_sidecar(job, item)
    if media:
        job = with_models(job, pin_paths=engine == "process")
        if job.quarantine is not None:
            _ = job.quarantine.master_key  # a missing or bad key fails before any work
    todo = []
    for item in media:
        finished = finished_manifest(job, item)
        if finished is None:
            todo.append(item)
            continue
        summary.skipped_finished.append(item)
        if delete_originals:
            _delete_original(item, finished, summary)
    total = len(todo)
    if on_progress is not None:
        on_progress("start", 0, total)
    workers = workers or os.cpu_count() or 1
    if todo and len(todo) < workers and engine == "process":
        # Fewer files than cores (one long video): give each worker the spare cores as
        # ONNX Runtime threads instead of leaving them idle.
        threads = max(1, workers // len(todo))
        job = replace(job, detector=replace(job.detector, threads=threads))
    results = engines.run(job, todo, engine, workers)
    for done, result in enumerate(results, start=1):
        if result.ok:
            write_manifest(job, result)
            summary.processed.append(result)
            summary.faces += int(result.fields.get("masked", {}).get("faces", 0))
            summary.plates += int(result.fields.get("masked", {}).get("plates", 0))
            if result.fields.get("truncated"):
                summary.warnings.append(BatchWarning(result.item.source, _truncated(result.fields)))
            if delete_originals and result.verified:
                _delete_original(result.item, result.fields, summary)
        else:
            summary.problems.append(Problem(result.item.source, result.error or "failed"))
            log.info("skipped %s: %s", result.item.source, result.error)
        if on_progress is not None:
            on_progress(str(result.item.relative), done, total)
    if qa_sheet and summary.processed:
        from privacam.cases.street.qa_sheet import write_qa_sheet  # PyAV: only if asked

        summary.qa_sheet = write_qa_sheet(job)
    report = job.outdir / MANIFEST_DIR / "summary.json"
    write_atomic(
        report, json.dumps(summary.to_json(), indent=2, ensure_ascii=False).encode("utf-8")
    )
    return summary


def _truncated(fields: dict[str, Any]) -> str:
    declared = fields.get("declared_frames")
    of = f" / {declared}" if declared else ""
    return (
        f"動画が途中で切れています（{fields['frames']}{of} フレームを処理）/ the video is "
        f"truncated: {fields['frames']}{of} frames decoded and masked"
    )


def _delete_original(item: WorkItem, manifest: dict[str, Any], summary: BatchSummary) -> None:
    """Delete an input only while its bytes are those whose output was verified."""
    if manifest.get("truncated"):
        summary.warnings.append(
            BatchWarning(
                item.source,
                "途中で切れた動画の元ファイルは削除しません / a truncated video's original is "
                "kept: the frames after the cut may still be recoverable",
            )
        )
        return
    recorded = manifest.get("input_sha256")
    try:
        current = InputIdentity.read(item.source)
    except InputError as error:
        summary.problems.append(Problem(item.source, f"not deleted: {error}"))
        return
    if recorded is None or current.sha256 != recorded or not current.same_stat(item.source):
        summary.problems.append(
            Problem(
                item.source,
                "削除しません: 検証済みの出力と内容が一致しません / not deleted: its content is "
                "not the one whose output was verified; run again to process it",
            )
        )
        return
    try:
        item.source.unlink()
    except OSError as error:
        summary.problems.append(Problem(item.source, f"cannot delete original: {error}"))
        return
    summary.deleted_originals.append(item.source)
