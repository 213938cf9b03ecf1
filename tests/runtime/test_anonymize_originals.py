"""`privacam anonymize` says how many unmasked originals remain on disk, and where, and
warns when they remain because --delete-originals was not given (GB §4 ⑤)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.runtime.anonymize import AnonymizeResult, remaining_originals
from privacam.runtime.batch import BatchSummary
from privacam.runtime.batch.inputs import WorkItem
from privacam.runtime.batch.worker import ItemResult


def _inputs(root: Path, layout: dict[str, int]) -> list[Path]:
    paths = []
    for folder, n in layout.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            path = root / folder / f"img{i}.jpg"
            path.write_bytes(b"jpeg")
            paths.append(path)
    return paths


def _summary(paths: list[Path], *, deleted: list[Path] = ()) -> BatchSummary:
    summary = BatchSummary()
    for path in paths[:-1]:
        summary.processed.append(
            ItemResult(WorkItem("image", path, Path(path.name)), verified=True)
        )
    summary.skipped_finished.append(WorkItem("image", paths[-1], Path(paths[-1].name)))
    for path in deleted:
        path.unlink()
        summary.deleted_originals.append(path)
    return summary


def test_the_summary_counts_the_originals_left_on_disk_per_folder(tmp_path: Path) -> None:
    paths = _inputs(tmp_path, {"day1": 3, "day2": 1})
    result = AnonymizeResult(_summary(paths), tmp_path / "out", None, None)
    assert remaining_originals(result.summary) == paths
    line = (
        f"4 unmasked original(s) remain on disk in {tmp_path / 'day1'} (3), {tmp_path / 'day2'} (1)"
    )
    assert line in result.report()
    [warning] = result.complaints()
    assert "--delete-originals" in warning and "元ファイル 4 件" in warning
    assert f"{tmp_path / 'day1'} (3)" in warning


def test_deleted_originals_are_not_counted_and_no_warning_with_delete_originals(
    tmp_path: Path,
) -> None:
    paths = _inputs(tmp_path, {"day1": 3})
    summary = _summary(paths, deleted=paths[:2])  # the third was kept (e.g. truncated)
    result = AnonymizeResult(summary, tmp_path / "out", None, None, delete_originals=True)
    assert remaining_originals(summary) == paths[2:]
    assert f"1 unmasked original(s) remain on disk in {tmp_path / 'day1'} (1)" in result.report()
    assert result.complaints() == []


def test_no_line_about_originals_when_none_remain(tmp_path: Path) -> None:
    paths = _inputs(tmp_path, {"day1": 2})
    result = AnonymizeResult(_summary(paths, deleted=paths), tmp_path / "out", None, None)
    assert not any("remain on disk" in line for line in result.report() + result.complaints())


@pytest.mark.assets
def test_anonymize_warns_that_originals_remain_without_delete_originals(
    models_dir: Path, media_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    drive = tmp_path / "drive"
    drive.mkdir()
    shutil.copy(media_dir / "dlib_faces_voc" / "2008_001009.jpg", drive / "photo.jpg")
    with pytest.raises(SystemExit) as done:
        main(["anonymize", str(drive), "-o", str(tmp_path / "out"), "--no-qa-sheet"])
    captured = capsys.readouterr()
    assert done.value.code == 0, captured.err
    assert f"1 unmasked original(s) remain on disk in {drive} (1)" in captured.out
    assert "警告 / warning" in captured.err and "--delete-originals" in captured.err
