"""The manifest ties a rendered notice to one deployment; writes are atomic; no secret leaks."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from privacam import __version__
from privacam import files as files_module
from privacam.files import write_atomic
from privacam.policy.notice import MANIFEST_NAME, notice_is_current, read_manifest, render_notice
from privacam.policy.notice.manifest import sha256_bytes
from tests.policy.conftest import load_data, template_data

NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def repeat_notice(tmp_path: Path):
    loaded = load_data(template_data("repeat"))
    render_notice(loaded, tmp_path, now=NOW)
    return loaded, tmp_path


def test_manifest_records_hash_version_time_and_digests(repeat_notice) -> None:
    loaded, folder = repeat_notice
    data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["deployment_sha256"] == loaded.sha256
    assert data["privacam_version"] == __version__
    assert data["rendered_at"] == "2026-05-01T12:00:00+09:00"  # Asia/Tokyo, as on the sign
    assert data["sizes"] == ["A4", "A3", "label"]
    assert len(data["files"]) == 6
    for name, digest in data["files"].items():
        assert sha256_bytes((folder / name).read_bytes()) == digest
    manifest = read_manifest(folder)
    assert manifest is not None and manifest.files == data["files"]


def test_notice_dates_agree_in_the_deployments_time_zone(tmp_path: Path) -> None:
    # 20:30 UTC on 30 April is 05:30 on 1 May in Tokyo: every date must say 1 May.
    render_notice(
        load_data(template_data("counting")),
        tmp_path,
        now=datetime(2026, 4, 30, 20, 30, tzinfo=UTC),
    )
    data = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["rendered_at"] == "2026-05-01T05:30:00+09:00"
    document = pdfium.PdfDocument(tmp_path / "sign-en.pdf")
    try:
        sign = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert "Version of 2026-05-01" in sign
    assert "on 2026-05-01 by privacam" in (tmp_path / "notice-en.html").read_text("utf-8")
    assert "2026年5月1日" in (tmp_path / "notice-ja.html").read_text("utf-8")


def test_notice_is_current_right_after_rendering(repeat_notice) -> None:
    loaded, folder = repeat_notice
    assert notice_is_current(loaded, folder)


def test_changed_purpose_makes_the_notice_stale(repeat_notice) -> None:
    loaded, folder = repeat_notice
    data = template_data("repeat")
    data["purposes"][0]["output"]["ja"] = "売場改善のための再来店率"
    changed = load_data(data)
    assert changed.sha256 != loaded.sha256
    assert not notice_is_current(changed, folder)
    render_notice(changed, folder, now=NOW)
    assert notice_is_current(changed, folder)
    assert not notice_is_current(loaded, folder)


@pytest.mark.parametrize("name", ["notice-ja.html", "sign-en.pdf", "sign-ja.png"])
def test_tampered_file_makes_the_notice_stale(repeat_notice, name: str) -> None:
    loaded, folder = repeat_notice
    path = folder / name
    path.write_bytes(path.read_bytes() + b" ")
    assert not notice_is_current(loaded, folder)


def test_missing_file_or_manifest_makes_the_notice_stale(repeat_notice, tmp_path: Path) -> None:
    loaded, folder = repeat_notice
    (folder / "sign-en.png").unlink()
    assert not notice_is_current(loaded, folder)
    assert not notice_is_current(loaded, tmp_path / "never-rendered")


def test_corrupt_manifest_makes_the_notice_stale(repeat_notice) -> None:
    loaded, folder = repeat_notice
    (folder / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert not notice_is_current(loaded, folder)
    assert read_manifest(folder) is None


def test_manifest_that_drops_a_required_file_is_not_trusted(repeat_notice) -> None:
    loaded, folder = repeat_notice
    data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    del data["files"]["sign-ja.pdf"]
    (folder / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    assert not notice_is_current(loaded, folder)


def test_no_temporary_files_are_left(repeat_notice) -> None:
    _loaded, folder = repeat_notice
    names = [p.name for p in folder.iterdir()]
    assert not [n for n in names if n.endswith(".tmp") or n.startswith(".")]


def test_failed_write_keeps_the_old_file_and_removes_the_temporary(monkeypatch, tmp_path) -> None:
    target = tmp_path / "sign-ja.pdf"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["sign-ja.pdf"]


def test_manifest_is_written_last(monkeypatch, tmp_path: Path) -> None:
    written: list[str] = []
    real_replace = os.replace

    def recording_replace(src, dst):
        written.append(Path(dst).name)
        real_replace(src, dst)

    monkeypatch.setattr(files_module.os, "replace", recording_replace)
    render_notice(load_data(template_data("counting")), tmp_path, now=NOW)
    assert written[-1] == MANIFEST_NAME and written.count(MANIFEST_NAME) == 1
    assert len(written) == 7


def test_secret_in_camera_source_reaches_no_output(monkeypatch, tmp_path: Path) -> None:
    secret = "Zq8-very-secret-pw-9x"
    monkeypatch.setenv("NOTICE_TEST_SECRET", secret)
    data = template_data("counting")
    data["cameras"][0]["source"] = "rtsp://admin:${NOTICE_TEST_SECRET}@192.0.2.7/stream1"
    # A placeholder in a field the notice prints shows the public copy is what is rendered.
    data["operator"]["url"] = "https://example.jp/?token=${NOTICE_TEST_SECRET}"
    loaded = load_data(data)
    assert secret in loaded.camera_source(0)  # the secret was really substituted
    # A placeholder in public text is a check error (SEC-004), so only a draft renders.
    render_notice(loaded, tmp_path, now=NOW, draft=True)
    assert "token=${NOTICE_TEST_SECRET}" in (tmp_path / "notice-ja.html").read_text("utf-8")
    files = list(tmp_path.iterdir())
    assert len(files) == 7
    for path in files:
        assert secret.encode() not in path.read_bytes(), path.name
        if path.suffix == ".pdf":
            document = pdfium.PdfDocument(path)
            text = "".join(page.get_textpage().get_text_range() for page in document)
            document.close()
            assert secret not in text
