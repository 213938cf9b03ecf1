"""`privacam purge` (and the run's periodic sweep) delete ⑤'s masked outputs and ②'s heatmap
PNGs once their declared retention ends, audited, and never a file that is not privacam's."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from privacam.cases.flow import heatmap_file_name
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec
from privacam.records import HeatmapWindow
from privacam.runtime.journal import RunJournal
from privacam.store import open_store
from tests.helpers.cli import run

TOKYO = ZoneInfo("Asia/Tokyo")
OLD = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
#: Three years and a half later: the templates keep masked images and statistics 3 years.
NOW = datetime(2029, 7, 1, tzinfo=UTC)
RECENT = NOW - timedelta(days=30)


def _deployment(tmp_path: Path, case: str) -> Path:
    path = tmp_path / "site" / "privacam.yaml"
    path.parent.mkdir()
    path.write_text(render_template(case), encoding="utf-8")
    return path


def _audit(path: Path, action: str, subject: str, details: dict) -> None:
    with open_store(load_spec(path)) as store, store.transaction() as tx:
        tx.audit(action, subject, details)


def _file_entries(path: Path) -> list[dict]:
    with open_store(load_spec(path), create=False) as store:
        return [json.loads(e.details) for e in store.audit.entries() if e.action == "purge.files"]


def _masked_output(outdir: Path, name: str, written: datetime, *, change: bool = False) -> Path:
    output = outdir / name
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(b"masked " + name.encode())
    manifest = outdir / "_privacam" / "manifests" / f"{name}.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "input": name,
        "output": name,
        "output_sha256": hashlib.sha256(output.read_bytes()).hexdigest(),
        "written_at": written.isoformat(timespec="seconds"),
    }
    manifest.write_text(json.dumps(data), encoding="utf-8")
    if change:
        output.write_bytes(b"someone else's photo now")
    return output


@pytest.fixture
def street(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    path = _deployment(tmp_path, "street")
    outdir = tmp_path / "masked"
    outdir.mkdir()
    _audit(path, "anonymize.start", str(outdir), {"inputs": 3})
    return path, outdir


def test_purge_deletes_masked_outputs_past_their_retention_with_their_manifests(
    street, capsys
) -> None:
    path, outdir = street
    old = _masked_output(outdir, "day1/a.jpg", OLD)
    recent = _masked_output(outdir, "day2/b.jpg", RECENT)
    code, out, err = run(capsys, "purge", str(path), "--now", NOW.isoformat())
    assert code == 0, err
    assert "deleted        1 masked_outputs" in out
    assert not old.exists() and not (outdir / "_privacam/manifests/day1/a.jpg.json").exists()
    assert recent.exists() and (outdir / "_privacam/manifests/day2/b.jpg.json").exists()
    [entry] = _file_entries(path)
    assert entry["deleted"] == {"masked_outputs": 1} and entry["folders"] == [str(outdir)]


def test_purge_never_deletes_a_file_that_is_not_privacams_output(street, capsys) -> None:
    path, outdir = street
    changed = _masked_output(outdir, "c.jpg", OLD, change=True)
    mine = outdir / "notes.jpg"  # the user's own file in the output folder, no manifest
    mine.write_bytes(b"mine")
    outside = outdir.parent / "outside.jpg"
    outside.write_bytes(b"not in the output folder")
    escaping = outdir / "_privacam" / "manifests" / "x.jpg.json"
    escaping.write_text(
        json.dumps(
            {
                "output": "../outside.jpg",
                "output_sha256": hashlib.sha256(b"not in the output folder").hexdigest(),
                "written_at": OLD.isoformat(),
            }
        ),
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "purge", str(path), "--now", NOW.isoformat())
    assert code == 0
    assert changed.exists() and mine.exists() and outside.exists()
    assert f"{changed}" in err and "not deleted" in err
    [entry] = _file_entries(path)
    assert entry["kept_changed"] == [str(changed)] and entry["deleted"] == {}
    # The changed file keeps its manifest, so the next purge names it again.
    assert (outdir / "_privacam" / "manifests" / "c.jpg.json").exists()
    code, _out, err = run(capsys, "purge", str(path), "--now", NOW.isoformat())
    assert code == 0 and f"{changed}" in err


def _heatmap(start: datetime) -> HeatmapWindow:
    return HeatmapWindow(
        window_start=start,
        window_end=start + timedelta(hours=1),
        camera_id="cam1",
        rows=1,
        cols=2,
        counts=((3, 0),),
    )


@pytest.fixture
def flow(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    path = _deployment(tmp_path, "flow")
    with open_store(load_spec(path)) as store:
        store.write([_heatmap(OLD), _heatmap(RECENT)])
    return path


def _png(folder: Path, start: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / heatmap_file_name("cam1", start, TOKYO)
    png.write_bytes(b"\x89PNG drawn by privacam")
    return png


def test_purge_deletes_heatmap_pngs_whose_window_expired_in_every_run_output_folder(
    flow: Path, tmp_path: Path, capsys
) -> None:
    elsewhere = tmp_path / "elsewhere"
    _audit(flow, "run.start", "run-1", {"out_dir": str(elsewhere)})
    old_default, old_elsewhere = _png(flow.parent / "outputs", OLD), _png(elsewhere, OLD)
    recent = _png(flow.parent / "outputs", RECENT)
    unrelated = flow.parent / "outputs" / "heatmap_notes.png"
    unrelated.write_bytes(b"a user's file")
    code, out, err = run(capsys, "purge", str(flow), "--now", NOW.isoformat())
    assert code == 0, err
    assert "deleted        2 heatmap_files" in out
    assert not old_default.exists() and not old_elsewhere.exists()
    assert recent.exists() and unrelated.exists()
    [entry] = _file_entries(flow)
    assert entry["deleted"] == {"heatmap_files": 2}
    with open_store(load_spec(flow), create=False) as store:
        assert [h.window_start for h in store.read(HeatmapWindow)] == [RECENT]


def test_the_runs_periodic_sweep_deletes_expired_heatmap_pngs_too(flow: Path) -> None:
    loaded = load_spec(flow)
    ancient = datetime(2020, 1, 1, tzinfo=UTC)  # past the 3-year retention today
    with open_store(loaded) as store:
        store.write([_heatmap(ancient)])
        png = _png(flow.parent / "outputs", ancient)
        journal = RunJournal.begin(store, loaded, sources=[], model_digests={})
        journal.sweep()
        assert not png.exists()
        assert store.count(HeatmapWindow) == 2


@pytest.mark.assets
def test_purge_deletes_what_anonymize_wrote_once_masked_images_expire(
    models_dir: Path, media_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "audit.key"))
    path = _deployment(tmp_path, "street")
    photo = media_dir / "dlib_faces_voc" / "2008_001009.jpg"
    before = photo.read_bytes()
    out = tmp_path / "masked"
    code, _out, err = run(capsys, "anonymize", str(photo), "-o", str(out), "--spec", str(path))
    assert code == 0, err
    assert (out / "2008_001009.jpg").is_file() and (out / "_privacam/qa_sheet.jpg").is_file()
    later = datetime.now(UTC) + timedelta(days=3 * 365 + 1)
    code, stdout, err = run(capsys, "purge", str(path), "--now", later.isoformat())
    assert code == 0, err
    assert "deleted        1 masked_outputs" in stdout and "deleted        1 qa_sheets" in stdout
    assert not (out / "2008_001009.jpg").exists()
    assert list((out / "_privacam" / "manifests").rglob("*.json")) == []
    assert photo.read_bytes() == before  # an input is never privacam's output
