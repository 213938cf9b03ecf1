"""The batch: bad inputs skipped, no unmasked pixel written, resumable, originals deleted safely."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import numpy as np
from PIL import Image

from privacam.cases.street import Job
from privacam.cases.street.detection import DetectorConfig
from privacam.cases.street.job import MANIFEST_DIR
from privacam.policy.spec import StreetSettings
from privacam.runtime.batch import BatchSummary, run_batch
from privacam.runtime.batch import worker as worker_module
from privacam.runtime.batch.inputs import WorkItem
from privacam.runtime.batch.run import _delete_original
from privacam.store.quarantine import Quarantine
from tests.cases.street.helpers import (
    OtherDigestFinder,
    PatchFinder,
    decode,
    face_box,
    face_visible,
    scene,
    write_video,
)

GOOD_IMAGES = 3
VIDEO_FRAMES = 20


def make_inputs(root: Path) -> Path:
    """A drive folder: good PNGs (face at frame i's place), a video, and three bad inputs."""
    folder = root / "drive"
    (folder / "day1").mkdir(parents=True)
    for i in range(GOOD_IMAGES):
        Image.fromarray(scene(i)[:, :, ::-1]).save(folder / "day1" / f"frame{i}.png")
    write_video(folder / "day1" / "clip.mp4", VIDEO_FRAMES)
    (folder / "day1" / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg" * 20)
    (folder / "empty.mp4").write_bytes(b"")
    (folder / "notes.txt").write_text("driver's notes", encoding="utf-8")
    (folder / "track.gpx").write_text(
        '<gpx><trkpt lat="35.681236" lon="139.767125"/></gpx>', encoding="utf-8"
    )
    return folder


def make_job(outdir: Path, **settings: object) -> Job:
    return Job(
        outdir=outdir,
        settings=StreetSettings(method="fill", **settings),  # type: ignore[arg-type]
        detector=DetectorConfig(plates=False),
        deployment_sha256="a" * 64,
        detector_factory=PatchFinder,
    )


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    summary = run_batch([folder, tmp_path / "missing.jpg"], make_job(tmp_path / "out"), workers=1)
    reasons = {p.source.name: p.reason for p in summary.problems}
    assert set(reasons) == {"corrupt.jpg", "empty.mp4", "missing.jpg"}
    assert "cannot decode image" in reasons["corrupt.jpg"]
    assert "empty (0 bytes)" in reasons["empty.mp4"]
    # a walked folder's notes are not work: ignored and counted, not a failure
    assert [(i.path.name, i.reason) for i in summary.ignored] == [("notes.txt", "not_media")]
    assert sorted(r.item.source.name for r in summary.processed) == [
        "clip.mp4", "frame0.png", "frame1.png", "frame2.png"
    ]  # fmt: skip
    assert summary.failed
    report = json.loads((tmp_path / "out" / MANIFEST_DIR / "summary.json").read_text())
    assert len(report["problems"]) == 3 and report["processed"] == 4
    assert len(report["ignored"]) == 1
    assert not (tmp_path / "out" / "drive" / "day1" / "corrupt.jpg").exists()


def scan_for_unmasked(outdir: Path, inputs: Path) -> list[str]:
    """Every place an unmasked face or an original's bytes shows under ``outdir``."""
    found = []
    originals = [p.read_bytes() for p in inputs.rglob("*") if p.is_file() and p.stat().st_size]
    for path in outdir.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for original in originals:
            middle = len(original) // 2
            if len(original) > 200 and original[middle : middle + 64] in data:
                found.append(f"{path}: holds bytes of an original")
        if path.suffix == ".png" and path.parent.name == "day1":
            index = int(path.stem.removeprefix("frame"))
            image = np.asarray(Image.open(path).convert("RGB"))[:, :, ::-1]
            if face_visible(image, face_box(index)):
                found.append(f"{path}: face visible")
        if path.suffix == ".mp4":
            for i, frame in enumerate(decode(path)):
                if face_visible(frame, face_box(i)):
                    found.append(f"{path} frame {i}: face visible")
        if ".partial" in path.name:
            found.append(f"{path}: temporary file left")
    return found


def test_no_unmasked_pixel_is_written(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    outdir = tmp_path / "out"
    run_batch([folder], make_job(outdir), workers=1)
    assert len(list(outdir.rglob("*.png"))) == GOOD_IMAGES
    assert scan_for_unmasked(outdir, folder) == []
    # the scan can fail: copy an original into the output tree and it is caught
    shutil.copy(folder / "day1" / "frame1.png", outdir / "drive" / "day1" / "frame1.png")
    assert len(scan_for_unmasked(outdir, folder)) == 2


def test_quarantine_holds_originals_only_encrypted(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PRIVACAM_QUARANTINE_KEY", "11" * 32)
    folder = make_inputs(tmp_path)
    outdir, qdir = tmp_path / "out", tmp_path / "quarantine"
    summary = run_batch([folder], replace(make_job(outdir), quarantine=Quarantine(qdir)), workers=1)
    entries = Quarantine(qdir).entries()
    assert len(entries) == len(summary.processed) == 4
    assert scan_for_unmasked(outdir, folder) == [] and scan_for_unmasked(qdir, folder) == []
    restored = Quarantine(qdir).read(
        next(e.path for e in entries if e.original_name == "drive/day1/frame0.png")
    )
    assert restored == (folder / "day1" / "frame0.png").read_bytes()
    manifest = json.loads(
        (outdir / MANIFEST_DIR / "manifests/drive/day1/frame0.png.json").read_text()
    )
    assert manifest["quarantine"]["entry"].endswith(".pqar")


def test_rerun_skips_finished_and_reprocesses_after_a_change(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    outdir = tmp_path / "out"
    job = make_job(outdir)
    first = run_batch([folder], job, workers=1)
    assert len(first.processed) == 4
    again = run_batch([folder], job, workers=1)
    assert len(again.processed) == 0 and len(again.skipped_finished) == 4
    changed_spec = run_batch([folder], replace(job, deployment_sha256="b" * 64), workers=1)
    assert len(changed_spec.processed) == 4
    changed_model = run_batch(
        [folder],
        replace(job, deployment_sha256="b" * 64, detector_factory=OtherDigestFinder),
        workers=1,
    )
    assert len(changed_model.processed) == 4
    # an output edited after the run no longer matches its manifest: done again
    (outdir / "drive/day1/frame0.png").write_bytes(b"tampered")
    redo = run_batch(
        [folder],
        replace(job, deployment_sha256="b" * 64, detector_factory=OtherDigestFinder),
        workers=1,
    )
    assert [r.item.source.name for r in redo.processed] == ["frame0.png"]


def test_delete_originals_only_after_verification(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = make_inputs(tmp_path)
    job = make_job(tmp_path / "out")
    monkeypatch.setattr(worker_module, "verify_image", lambda *a: False)
    failed = run_batch([folder], job, workers=1, delete_originals=True)
    assert all((folder / "day1" / f"frame{i}.png").exists() for i in range(GOOD_IMAGES))
    assert sum("verification" in p.reason for p in failed.problems) == GOOD_IMAGES
    assert not (tmp_path / "out/drive/day1/frame0.png").exists()  # unverified output removed
    assert [p.name for p in failed.deleted_originals] == ["clip.mp4"]  # the video verified
    monkeypatch.undo()
    done = run_batch([folder], job, workers=1, delete_originals=True)
    assert sorted(p.name for p in done.deleted_originals) == [
        "frame0.png",
        "frame1.png",
        "frame2.png",
    ]
    assert not any((folder / "day1" / f"frame{i}.png").exists() for i in range(GOOD_IMAGES))
    # bad inputs are never deleted
    assert (folder / "day1" / "corrupt.jpg").exists() and (folder / "empty.mp4").exists()


def test_inputs_are_never_modified_without_delete(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    run_batch([folder], make_job(tmp_path / "out"), workers=1)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_sidecars_not_copied_unless_allowed_then_coarsened(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    default = run_batch([folder], make_job(tmp_path / "a"), workers=1)
    assert not (tmp_path / "a/drive/track.gpx").exists()
    assert "not copied" in default.sidecars[str(folder / "track.gpx")]
    run_batch([folder], make_job(tmp_path / "b", copy_sidecars=True, gps_decimals=2), workers=1)
    assert (
        tmp_path / "b/drive/track.gpx"
    ).read_text() == '<gpx><trkpt lat="35.68" lon="139.77"/></gpx>'
    nogps = run_batch(
        [folder], make_job(tmp_path / "c", copy_sidecars=True, gps_decimals=None), workers=1
    )
    assert not (tmp_path / "c/drive/track.gpx").exists()
    assert "removes GPS" in nogps.sidecars[str(folder / "track.gpx")]


def test_process_pool_gives_the_same_outputs(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    inline = run_batch([folder], make_job(tmp_path / "one"), workers=1)
    pooled = run_batch([folder], make_job(tmp_path / "two"), workers=2)
    assert len(pooled.processed) == len(inline.processed) == 4
    for i in range(GOOD_IMAGES):
        a = np.asarray(Image.open(tmp_path / f"one/drive/day1/frame{i}.png"))
        b = np.asarray(Image.open(tmp_path / f"two/drive/day1/frame{i}.png"))
        assert np.array_equal(a, b)
    assert scan_for_unmasked(tmp_path / "two", folder) == []


def test_a_video_with_a_damaged_codec_header_is_one_clear_error_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_video(tmp_path / "clip.mp4", 10)
    # a flipped codec tag: FFmpeg opens the file but knows no decoder for the stream
    damaged = (tmp_path / "clip.mp4").read_bytes().replace(b"avc1", b"zzz1")
    (folder / "damaged.mp4").write_bytes(damaged)
    Image.fromarray(scene(0)[:, :, ::-1]).save(folder / "frame.png")
    summary = run_batch([folder], make_job(tmp_path / "out"), workers=1)
    assert [r.item.source.name for r in summary.processed] == ["frame.png"]
    [problem] = summary.problems
    assert problem.source.name == "damaged.mp4"
    assert "codec" in problem.reason and "Error" not in problem.reason


def test_walk_never_descends_into_privacam_output_folders(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path)
    run_batch([folder], make_job(tmp_path / "masked"), workers=1)
    # an earlier OUTDIR (masked copies and _privacam/*.json) now sits inside the input tree
    shutil.move(tmp_path / "masked", folder / "masked")
    again = run_batch([folder], make_job(tmp_path / "out"), workers=1)
    assert sorted(str(r.item.relative) for r in again.processed) == [
        "drive/day1/clip.mp4", "drive/day1/frame0.png", "drive/day1/frame1.png",
        "drive/day1/frame2.png",
    ]  # fmt: skip
    assert not any(".json" in p.source.name for p in again.problems)
    assert ("masked", "privacam_output") in [(i.path.name, i.reason) for i in again.ignored]
    assert not (tmp_path / "out" / "drive" / "masked").exists()


def _bmp(path: Path, value: int) -> None:
    """An uncompressed image: another pixel value gives another file of the very same size."""
    image = scene(0)
    image[0:4, 0:4] = value
    Image.fromarray(image[:, :, ::-1]).save(path, format="BMP")


def test_resume_requires_the_same_input_digest_not_the_same_name_size_or_mtime(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    photo = folder / "000001.bmp"
    _bmp(photo, 0)
    job = make_job(tmp_path / "out")
    assert len(run_batch([folder], job, workers=1).processed) == 1
    first = photo.stat()
    _bmp(photo, 255)  # a different picture: same name, same size, and the mtime put back
    os.utime(photo, ns=(first.st_atime_ns, first.st_mtime_ns))
    assert photo.stat().st_size == first.st_size
    again = run_batch([folder], job, workers=1)
    assert [r.item.source for r in again.processed] == [photo] and not again.skipped_finished
    manifest = json.loads(
        (tmp_path / "out" / MANIFEST_DIR / "manifests/in/000001.bmp.json").read_text()
    )
    assert manifest["input_sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert manifest["input_size"] == first.st_size
    # the same bytes again: finished, whatever the mtime says
    os.utime(photo, ns=(first.st_atime_ns, first.st_mtime_ns + 10**9))
    assert len(run_batch([folder], job, workers=1).skipped_finished) == 1


class _RewritingFinder(PatchFinder):
    """A detector during whose work a camera rewrites the input (an upload still arriving)."""

    target: ClassVar[Path | None] = None

    def detect(self, image: np.ndarray):  # type: ignore[no-untyped-def]
        if self.target is not None:
            with self.target.open("ab") as stream:
                stream.write(b"more bytes")
        return super().detect(image)


def test_an_input_changed_while_processed_is_reported_and_not_deleted(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    photo = folder / "frame.png"
    Image.fromarray(scene(0)[:, :, ::-1]).save(photo)
    monkeypatch.setattr(_RewritingFinder, "target", photo)
    job = replace(make_job(tmp_path / "out"), detector_factory=_RewritingFinder)
    summary = run_batch([folder], job, workers=1, delete_originals=True)
    assert photo.exists() and not summary.deleted_originals
    assert [p.source for p in summary.problems] == [photo]
    assert "changed while it was processed" in summary.problems[0].reason
    assert not (tmp_path / "out" / "in" / "frame.png").exists()


def test_an_original_whose_digest_differs_from_its_manifest_is_not_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    photo = folder / "frame.png"
    Image.fromarray(scene(0)[:, :, ::-1]).save(photo)
    summary = BatchSummary()
    item = WorkItem("image", photo, Path("in/frame.png"))
    _delete_original(item, {"input_sha256": "0" * 64}, summary)
    assert photo.exists() and "not deleted" in summary.problems[0].reason
    _delete_original(
        item, {"input_sha256": hashlib.sha256(photo.read_bytes()).hexdigest()}, summary
    )
    assert not photo.exists() and summary.deleted_originals == [photo]


def test_a_truncated_video_is_marked_in_its_manifest_warned_and_its_original_kept(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_video(tmp_path / "whole.mkv", 60)
    data = (tmp_path / "whole.mkv").read_bytes()
    (folder / "cut.mkv").write_bytes(data[: len(data) * 2 // 3])
    summary = run_batch([folder], make_job(tmp_path / "out"), workers=1, delete_originals=True)
    assert not summary.problems and len(summary.processed) == 1
    manifest = json.loads(
        (tmp_path / "out" / MANIFEST_DIR / "manifests/in/cut.mkv.json").read_text()
    )
    assert manifest["truncated"] is True and 0 < manifest["frames"] < 60
    assert [w.source.name for w in summary.warnings] == ["cut.mkv", "cut.mkv"]
    assert "truncated" in summary.warnings[0].message
    assert "kept" in summary.warnings[1].message
    assert (folder / "cut.mkv").exists() and not summary.deleted_originals


class _CountingFinder(PatchFinder):
    """Records the thread count of every detector built."""

    built: ClassVar[list[int]] = []

    def __init__(self, config: DetectorConfig) -> None:
        super().__init__(config)
        self.built.append(config.threads)


def test_a_lone_video_with_spare_cores_loads_only_its_single_thread_detectors(
    tmp_path: Path,
) -> None:
    """One video on two cores: two one-thread detectors, and not also the images' detector
    with two threads (its models cost 0.1 s to load and it would never run)."""
    clip = tmp_path / "in" / "clip.mp4"
    clip.parent.mkdir()
    write_video(clip, 5)
    _CountingFinder.built.clear()
    job = replace(make_job(tmp_path / "out"), detector_factory=_CountingFinder)
    summary = run_batch([clip], job, workers=2, qa_sheet=False)
    assert [r.item.source.name for r in summary.processed] == ["clip.mp4"]
    # the first is the parent's, reading a stub factory's model digests (with_models)
    assert _CountingFinder.built == [1, 1, 1]
