"""``privacam anonymize`` never loses an input: replayed end to end through the CLI on real files.

Every test takes SHA-256 checksums of the inputs before and after; the real
models run, so on code without the safeguards the originals really would be
overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from privacam.cli import main
from tests.cases.street.helpers import write_video

pytestmark = pytest.mark.assets


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(argv)
    return int(done.value.code or 0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksums(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) and its SHA-256."""
    return {
        str(p.relative_to(folder)): sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def env(models_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))


@pytest.fixture
def photos(media_dir: Path) -> list[Path]:
    return sorted((media_dir / "dlib_faces_voc").glob("*.jpg"))


@pytest.fixture
def drive(tmp_path: Path, photos: list[Path]) -> Path:
    """tmp/in: two photos and a video, as a camera leaves them."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(photos[0], folder / "a.jpg")
    shutil.copy(photos[1], folder / "b.jpg")
    write_video(folder / "clip.mp4", 10)
    return folder


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], *names: str) -> None:
    """The command exits 2 with one error line that names every path in ``names``."""
    code = run(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("privacam: error: "), captured.err
    for name in names:
        assert name in lines[0], (name, lines[0])
    assert "choose an -o folder outside every input" in lines[0]
    assert "Traceback" not in captured.err + captured.out


def test_anonymize_refuses_an_output_folder_that_holds_the_input_file(
    env: None, drive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = checksums(drive)
    monkeypatch.chdir(drive)
    refused(capsys, ["anonymize", "a.jpg", "-o", "."], "input a.jpg", "output folder .")
    refused(capsys, ["anonymize", "clip.mp4", "-o", "."], "input clip.mp4", "output folder .")
    refused(capsys, ["anonymize", "a.jpg", "-o", str(drive)], "a.jpg", str(drive))
    assert checksums(drive) == before  # no input overwritten, and nothing written beside them
    assert not (drive / "_privacam").exists()


def test_anonymize_refuses_a_folder_input_inside_the_output_folder(
    env: None, drive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = checksums(drive)
    monkeypatch.chdir(drive.parent)
    refused(capsys, ["anonymize", "in", "-o", "."], "input in", "output folder .")
    assert checksums(drive) == before
    assert not (drive.parent / "_privacam").exists()


def test_anonymize_refuses_an_output_folder_inside_or_equal_to_an_input_folder(
    env: None, drive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = checksums(drive)
    monkeypatch.chdir(drive.parent)
    refused(capsys, ["anonymize", "in", "-o", "in"], "output folder in", "input folder in")
    refused(capsys, ["anonymize", "in", "-o", "in/masked"], "in/masked", "input folder in")
    assert checksums(drive) == before
    assert not (drive / "masked").exists() and not (drive / "_privacam").exists()


def test_anonymize_compares_real_paths_so_symlinks_cannot_smuggle_an_overlap(
    env: None, drive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = checksums(drive)
    link = tmp_path / "link"
    link.symlink_to(drive, target_is_directory=True)
    refused(capsys, ["anonymize", str(drive), "-o", str(link)], str(link), str(drive))
    # OUTDIR looks separate, but its `in` subfolder is a link to the input folder itself
    out = tmp_path / "out"
    out.mkdir()
    (out / "in").symlink_to(drive, target_is_directory=True)
    refused(capsys, ["anonymize", str(drive), "-o", str(out)], str(out / "in"), str(drive))
    assert checksums(drive) == before


def test_delete_originals_with_overlapping_paths_refuses_before_any_work(
    env: None, drive: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = checksums(drive)
    monkeypatch.chdir(drive)
    for name in ("a.jpg", "clip.mp4"):
        argv = ["anonymize", name, "-o", ".", "--delete-originals", "--workers", "1"]
        refused(capsys, argv, f"input {name}", "output folder .")
    monkeypatch.chdir(drive.parent)
    refused(capsys, ["anonymize", "in", "-o", ".", "--delete-originals"], "input in")
    assert checksums(drive) == before  # neither deleted nor replaced by a masked copy
    assert not (drive / "_privacam").exists() and not (drive.parent / "_privacam").exists()


def test_delete_originals_never_deletes_a_new_file_under_a_finished_name(
    env: None, photos: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(photos[0], folder / "000001.jpg")
    shutil.copy(photos[1], folder / "000002.jpg")
    first = checksums(folder)
    argv = ["anonymize", str(folder), "-o", str(out), "--delete-originals", "--workers", "1"]
    assert run(argv) == 0
    assert "deleted 2 verified original(s)" in capsys.readouterr().out
    assert checksums(folder) == {}
    manifest_path = out / "_privacam/manifests/in/000001.jpg.json"
    assert json.loads(manifest_path.read_text())["input_sha256"] == first["000001.jpg"]
    first_output = sha256(out / "in/000001.jpg")

    # the camera reuses the name: a different picture arrives as in/000001.jpg
    shutil.copy(photos[2], folder / "000001.jpg")
    second = checksums(folder)
    assert second["000001.jpg"] != first["000001.jpg"]
    assert run(argv) == 0
    printed = capsys.readouterr().out
    assert "anonymized 1 file(s)" in printed and "0 already finished" in printed
    assert "deleted 1 verified original(s)" in printed
    manifest = json.loads(manifest_path.read_text())
    # deleted only after its own output was made and verified against these very bytes
    assert manifest["input_sha256"] == second["000001.jpg"] and manifest["verified"] is True
    assert manifest["output_sha256"] == sha256(out / "in/000001.jpg") != first_output
    assert Image.open(out / "in/000001.jpg").size == Image.open(photos[2]).size
    assert checksums(folder) == {}


def test_non_media_and_fifos_in_a_walked_folder_are_ignored_never_opened(
    env: None, photos: list[Path], tmp_path: Path
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(photos[0], folder / "a.jpg")
    (folder / "notes.txt").write_text("driver's notes", encoding="utf-8")
    os.mkfifo(folder / "pipe.jpg")  # opened for reading, a FIFO waits for a writer forever
    before = checksums(folder)

    def anonymize(*argv: str) -> subprocess.CompletedProcess[str]:
        # a subprocess with a timeout: a batch that opens the FIFO hangs, and is killed
        return subprocess.run(
            [sys.executable, "-c", "from privacam.cli import main; main()", "anonymize", *argv],
            capture_output=True,
            text=True,
            timeout=180,
            env=os.environ.copy(),
        )

    done = anonymize(str(folder), "-o", str(out), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "anonymized 1 file(s)" in done.stdout
    assert (
        "ignored 1: 画像・動画・GPS ファイル以外 / not an image, video or GPS sidecar"
        in done.stdout
    )
    assert "ignored 1: 通常のファイル以外" in done.stdout
    summary = json.loads((out / "_privacam/summary.json").read_text())
    assert {(Path(i["path"]).name, i["reason"]) for i in summary["ignored"]} == {
        ("notes.txt", "not_media"),
        ("pipe.jpg", "not_regular"),
    }
    # named on the command line, a non-media file and a FIFO are errors (exit 1), not hangs
    named = anonymize(str(folder / "notes.txt"), str(folder / "pipe.jpg"), "-o", str(out / "x"))
    assert named.returncode == 1
    assert f"skipped {folder / 'notes.txt'}: 画像・動画・GPS ファイルではありません" in named.stderr
    assert f"skipped {folder / 'pipe.jpg'}: 通常のファイルではありません" in named.stderr
    assert checksums(folder) == before


def test_a_truncated_video_is_warned_about_and_marked_in_its_manifest(
    env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    write_video(tmp_path / "whole.mkv", 60)
    data = (tmp_path / "whole.mkv").read_bytes()
    (folder / "cut.mkv").write_bytes(data[: len(data) * 2 // 3])
    before = checksums(folder)
    assert run(["anonymize", str(folder), "-o", str(out), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert f"警告 / warning {folder / 'cut.mkv'}: 動画が途中で切れています" in err
    assert "the video is truncated" in err
    assert json.loads((out / "_privacam/manifests/in/cut.mkv.json").read_text())["truncated"]
    assert checksums(folder) == before
