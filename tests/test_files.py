"""privacam.files: atomic writes that leave nothing half-written, downloads that keep
nothing unchecked, one cache directory per kind."""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from privacam import files
from privacam.errors import InputError
from privacam.files import DownloadError, cache_dir, download, write_atomic


def test_concurrent_writers_never_share_a_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "icon_map.jpg"
    temporaries: list[Path] = []
    both_started = threading.Barrier(2)

    def writer(data: bytes) -> None:
        def write(temporary: Path) -> None:
            temporaries.append(temporary)
            temporary.write_bytes(data)
            both_started.wait(timeout=5)  # both temp files exist at once

        write_atomic(target, write)

    threads = [threading.Thread(target=writer, args=(d,)) for d in (b"a" * 1000, b"b" * 1000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(set(temporaries)) == 2
    assert all(t.parent == tmp_path and t.suffix == ".jpg" for t in temporaries)
    assert target.read_bytes() in (b"a" * 1000, b"b" * 1000)
    assert [p.name for p in tmp_path.iterdir()] == ["icon_map.jpg"]


def test_a_failed_write_leaves_nothing_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "summary.json"
    target.write_bytes(b"old")

    def fails(temporary: Path) -> None:
        temporary.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(target, fails)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]

    new = tmp_path / "new.json"
    with pytest.raises(OSError):
        write_atomic(new, fails)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.json"]


def test_write_atomic_sets_the_mode_and_refuses_an_existing_file_when_asked(
    tmp_path: Path,
) -> None:
    key = tmp_path / "sub" / "head.json"
    write_atomic(key, b"{}", mode=0o600)
    assert key.stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        write_atomic(key, b"other", overwrite=False)
    assert key.read_bytes() == b"{}"
    assert [p.name for p in key.parent.iterdir()] == ["head.json"]


@pytest.fixture
def http_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "www"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=folder))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_download_is_kept_only_with_an_accepted_digest(http_folder, tmp_path: Path) -> None:
    folder, base = http_folder
    (folder / "model.onnx").write_bytes(b"official bytes")
    good = hashlib.sha256(b"official bytes").hexdigest()
    cache = tmp_path / "cache"
    assert download(f"{base}/model.onnx", cache / "model.onnx", [good], progress=False) == good
    assert (cache / "model.onnx").read_bytes() == b"official bytes"

    with pytest.raises(DownloadError, match="not an accepted digest") as error:
        download(f"{base}/model.onnx", cache / "other.onnx", ["0" * 64], progress=False)
    assert error.value.exit_code == 2
    assert sorted(p.name for p in cache.iterdir()) == ["model.onnx"]


def test_a_download_the_callers_check_refuses_leaves_nothing(http_folder, tmp_path) -> None:
    folder, base = http_folder
    (folder / "vtest.avi").write_bytes(b"<html>error page</html>")

    def refuse(path: Path) -> None:
        assert path.suffix == ".avi"  # the check sees the real extension
        raise ValueError("the download is not a readable video")

    with pytest.raises(InputError, match=r"not a readable video\); set PRIVACAM_MEDIA$"):
        download(
            f"{base}/vtest.avi",
            tmp_path / "media" / "vtest.avi",
            check=refuse,
            progress=False,
            hint="set PRIVACAM_MEDIA",
        )
    assert list((tmp_path / "media").iterdir()) == []


def test_offline_download_error_is_one_bilingual_line_with_the_hint(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DownloadError) as error:
        download(
            f"http://127.0.0.1:{port}/model.onnx",
            tmp_path / "model.onnx",
            progress=False,
            hint="without network, place model.onnx in PRIVACAM_MODELS",
        )
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("http://127.0.0.1")
    assert "ダウンロードできません / cannot download model.onnx from" in message
    assert message.endswith("; without network, place model.onnx in PRIVACAM_MODELS")
    assert list(tmp_path.iterdir()) == []


def test_cache_dir_is_one_folder_per_kind_under_privacam_cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(files.CACHE_ENV, str(tmp_path / "cache"))
    assert cache_dir("models") == tmp_path / "cache" / "models"
    assert cache_dir("media") == tmp_path / "cache" / "media"
    monkeypatch.delenv(files.CACHE_ENV)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir("models") == tmp_path / ".cache" / "privacam" / "models"
