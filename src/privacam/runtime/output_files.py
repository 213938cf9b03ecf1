"""Retention of the files privacam writes beside the store: ⑤'s masked outputs and ②'s
heatmap PNGs, deleted when their declared retention ends (GB §2 management: deletion on
schedule), as the notice promises.

Only privacam's own output is ever deleted, and each file is proven to be so:

- a masked output is deleted only through the manifest ``anonymize`` wrote for it, in
  an output folder the store's audit log names (``anonymize.start``), while the file
  still has the SHA-256 the manifest recorded; its age is the manifest's ``written_at``
  against the ``masked_images`` retention. The manifest goes with it. A file whose
  bytes changed is left alone (it is someone's, no longer privacam's output) and only
  its manifest is removed. The batch's QA sheet goes once it is older than the period
  (it shows only outputs written before it).
- a heatmap PNG is deleted when its window's row expires (the heatmap kind's
  retention), by the exact name the flow case gave it, in the case output folder
  beside the deployment file or one a run's ``run.start`` entry names.

Each sweep that deletes anything is audited (``purge.files``) with counts per kind and
the folders it looked in. Files are deleted before the rows they belong to, so a
heatmap whose row is gone is no longer found: the run's periodic sweep and ``privacam
purge`` both call :func:`purge_output_files` before the store's sweep.
"""

from __future__ import annotations

import json
import logging
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from privacam.cases.flow import heatmap_file_name
from privacam.cases.street.job import MANIFEST_DIR
from privacam.policy.loader import LoadedSpec
from privacam.policy.retention import deployment_retention
from privacam.policy.spec import Case
from privacam.records import HeatmapWindow, utc
from privacam.store import Store
from privacam.store.tables import table_for
from privacam.vision.models import sha256_file

log = logging.getLogger(__name__)

#: The name ``anonymize`` gives its contact sheet of masked outputs.
QA_SHEET = "qa_sheet.jpg"


@dataclass
class FilePurge:
    """What one sweep of output files deleted, per kind, and what it left and why."""

    deleted: dict[str, int] = field(default_factory=dict)
    #: Outputs a manifest names whose bytes are no longer those privacam wrote: kept.
    kept_changed: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    audit_seq: int | None = None

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)  # never follow a link out of the folder
    except OSError:
        return False


def _audited_folders(store: Store, action: str, key: str | None) -> list[Path]:
    """Folders the audit log's ``action`` entries name (``key`` of details, else subject)."""
    folders: list[Path] = []
    for entry in store.audit.entries():
        if entry.action != action:
            continue
        value = entry.subject if key is None else json.loads(entry.details).get(key)
        if value and Path(value) not in folders:
            folders.append(Path(value))
    return folders


def _expire_masked_output(outdir: Path, manifest: Path, cutoff: datetime, purge: FilePurge) -> None:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        written = utc(datetime.fromisoformat(data["written_at"]), "written_at")
        output = (outdir / data["output"]).resolve()
    except (OSError, ValueError, KeyError, TypeError):
        return  # not a manifest privacam can read: not privacam's to delete
    if written >= cutoff or not output.is_relative_to(outdir.resolve()):
        return
    if _regular_file(output):
        if sha256_file(output) != data.get("output_sha256"):
            # Kept with its manifest: every later purge names it again, so a file past its
            # retention is never forgotten just because someone edited it.
            purge.kept_changed.append(str(output))
            return
        output.unlink()
        purge.deleted["masked_outputs"] = purge.deleted.get("masked_outputs", 0) + 1
    manifest.unlink()


def _purge_masked_outputs(
    store: Store, loaded: LoadedSpec, now: datetime, purge: FilePurge
) -> None:
    cutoff = now - deployment_retention(loaded.spec, "masked_images").period
    for outdir in _audited_folders(store, "anonymize.start", None):
        manifests = outdir / MANIFEST_DIR / "manifests"
        if not manifests.is_dir():
            continue
        purge.folders.append(str(outdir))
        for manifest in sorted(manifests.rglob("*.json")):
            if _regular_file(manifest):
                _expire_masked_output(outdir, manifest, cutoff, purge)
        sheet = outdir / MANIFEST_DIR / QA_SHEET
        if _regular_file(sheet) and datetime.fromtimestamp(sheet.stat().st_mtime, UTC) < cutoff:
            sheet.unlink()
            purge.deleted["qa_sheets"] = purge.deleted.get("qa_sheets", 0) + 1


def _purge_heatmaps(store: Store, loaded: LoadedSpec, now: datetime, purge: FilePurge) -> None:
    cutoff = now - deployment_retention(loaded.spec, HeatmapWindow.retention_key).period
    table = table_for(HeatmapWindow)
    with store.engine.connect() as connection:
        expired = connection.execute(
            select(table.c.camera_id, table.c.window_start).where(
                table.c[HeatmapWindow.time_field] < cutoff
            )
        ).all()
    if not expired:
        return
    base = loaded.path.parent if loaded.path is not None else Path.cwd()
    folders = [base / "outputs", *_audited_folders(store, "run.start", "out_dir")]
    zone = ZoneInfo(loaded.spec.timezone)
    names = {
        heatmap_file_name(camera, utc(start, "window_start"), zone) for camera, start in expired
    }
    for folder in dict.fromkeys(f.resolve() for f in folders):
        purge.folders.append(str(folder))
        for name in sorted(names):
            path = folder / name
            if _regular_file(path):
                path.unlink()
                purge.deleted["heatmap_files"] = purge.deleted.get("heatmap_files", 0) + 1


def purge_output_files(
    store: Store, loaded: LoadedSpec, now: datetime | None = None, *, actor: str | None = None
) -> FilePurge:
    """Delete the masked outputs (⑤) and heatmap PNGs (②) whose retention has ended, and
    audit it when anything was deleted or kept for having changed."""
    now = utc(now or datetime.now(UTC), "now")
    purge = FilePurge()
    if loaded.spec.case is Case.street:
        _purge_masked_outputs(store, loaded, now, purge)
    elif loaded.spec.case is Case.flow:
        _purge_heatmaps(store, loaded, now, purge)
    if purge.total_deleted or purge.kept_changed:
        details = {
            "now": now.isoformat(),
            "deleted": purge.deleted,
            "kept_changed": purge.kept_changed,
            "folders": purge.folders,
        }
        with store.transaction() as tx:
            purge.audit_seq = tx.audit("purge.files", store.display_url, details, actor=actor).seq
        log.info("purge: deleted %s", purge.deleted)
    return purge
