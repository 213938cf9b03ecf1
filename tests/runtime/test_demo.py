"""`privacam demo`: sample media found, downloaded or missing; the full demo on TUD-Campus."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from privacam.cli import main
from privacam.errors import InputError
from privacam.runtime import sample_media as media_module
from privacam.runtime.sample_media import sample_media
from tests.runtime.conftest import synthetic_video


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "www"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_media(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRIVACAM_MEDIA", str(tmp_path / "empty"))
    monkeypatch.setenv("PRIVACAM_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "media"


@pytest.fixture
def demo_assets(media_dir: Path, models_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's own media (TUD-Campus) and the model files, as the environment names them."""
    if not (media_dir / "TUD-Campus" / "img1").is_dir():
        pytest.skip("TUD-Campus/img1 absent from the media directory")
    monkeypatch.setenv("PRIVACAM_MEDIA", str(media_dir))
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))


def test_sample_media_is_downloaded_once_into_the_cache(http_folder, no_media) -> None:
    folder, base = http_folder
    synthetic_video(folder / "vtest.avi", frames=5, size=(160, 120))
    got = sample_media(url=f"{base}/vtest.avi")
    assert got.origin == "download" and Path(got.source) == no_media / "vtest.avi"
    assert Path(got.source).read_bytes() == (folder / "vtest.avi").read_bytes()
    again = sample_media(url=f"{base}/missing.avi")  # the cache answers first now
    assert again.origin == "cache" and again.source == got.source


def test_a_download_that_is_not_a_video_is_not_kept(http_folder, no_media) -> None:
    folder, base = http_folder
    (folder / "vtest.avi").write_bytes(b"<html>not a video</html>")
    with pytest.raises(InputError, match=r"not a readable video.*PRIVACAM_MEDIA"):
        sample_media(url=f"{base}/vtest.avi")
    assert not no_media.exists() or list(no_media.iterdir()) == []


def test_offline_without_media_the_demo_says_what_to_set(
    no_media, monkeypatch, capsys, tmp_path
) -> None:
    monkeypatch.setattr(media_module, "VTEST_URL", "http://127.0.0.1:9/vtest.avi")
    with pytest.raises(SystemExit) as done:
        main(["demo", "-o", str(tmp_path / "demo-out"), "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert done.value.code == 2
    assert len(err) == 1
    assert "set PRIVACAM_MEDIA to a folder holding TUD-Campus/img1 or vtest.avi" in err[0]
    assert "--source" in err[0]


@pytest.mark.assets
@pytest.mark.slow
def test_the_demo_writes_governance_files_and_runs_counting_and_flow(
    demo_assets, monkeypatch, capsys, tmp_path
) -> None:
    out = tmp_path / "demo-out"
    with pytest.raises(SystemExit) as done:
        main(["demo", "-o", str(out), "--no-progress"])
    printed = capsys.readouterr().out
    assert done.value.code == 0, printed
    for folder in (out, out / "flow"):
        for name in (
            "privacam.yaml",
            "notice/sign-ja.pdf",
            "notice/notice-ja.html",
            "assessment.html",
            "privacam.db",
        ):
            assert (folder / name).is_file(), folder / name
            assert str(folder / name.split("/")[0]) in printed
    with sqlite3.connect(out / "privacam.db") as db:
        crossings = db.execute("SELECT sum(count) FROM line_counts").fetchone()[0]
        runs = db.execute("SELECT status, deployment_sha256 FROM runs").fetchall()
    assert crossings > 0 and runs[0][0] == "completed" and len(runs[0][1]) == 64
    with sqlite3.connect(out / "flow" / "privacam.db") as db:
        visits = db.execute("SELECT count(*) FROM trajectories").fetchone()[0]
    assert visits > 0
    assert list((out / "flow" / "outputs").glob("heatmap_*.png"))


@pytest.mark.assets
@pytest.mark.slow
def test_the_demo_runs_the_crowd_case_end_to_end(
    demo_assets, monkeypatch, capsys, tmp_path
) -> None:
    monkeypatch.delenv("CAMERA_PASSWORD", raising=False)  # the demo's camera is the media
    out = tmp_path / "demo-out"
    with pytest.raises(SystemExit) as done:
        main(["demo", "--case", "crowd", "-o", str(out), "--no-progress", "--max-frames", "10"])
    printed = capsys.readouterr().out
    assert done.value.code == 0, printed
    assert "interval rows; at most" in printed
    with sqlite3.connect(out / "privacam.db") as db:
        levels = db.execute("SELECT typeof(congestion_level) FROM crowd_intervals").fetchall()
    assert levels and {kind for (kind,) in levels} == {"integer"}
    assert (out / "floorplan.png").is_file() and (out / "outputs" / "icon_map_cam1.jpg").is_file()
