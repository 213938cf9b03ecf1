"""Model registry: resolution order, digest checks, downloads from a local server, bad input."""

from __future__ import annotations

import functools
import hashlib
import http.server
import logging
import os
import re
import socket
import sys
import threading
from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.vision.models import (
    MODELS,
    InputSpec,
    Licence,
    ModelEntry,
    PackagedCopy,
    get_entry,
    resolve_model,
)
from privacam.vision.models import digest as digest_module

FAKE_BYTES = b"not really an onnx model, but the registry only cares about digests\n" * 50
FAKE_SHA = hashlib.sha256(FAKE_BYTES).hexdigest()


def fake_entry(url: str | None = None, packaged: PackagedCopy | None = None) -> ModelEntry:
    return ModelEntry(
        name="fake",
        task="testing",
        filename="fake_model.onnx",
        url=url,
        sha256=frozenset({FAKE_SHA, "0" * 64}),
        licence=Licence("MIT", True),
        input=InputSpec((1, 3, 8, 8), "BGR", "none"),
        packaged=packaged,
    )


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No PRIVACAM_MODELS, an empty cache under tmp_path, a fresh digest cache."""
    monkeypatch.delenv("PRIVACAM_MODELS", raising=False)
    monkeypatch.setenv("PRIVACAM_CACHE", str(tmp_path / "cache"))
    digest_module.clear_digest_cache()
    return tmp_path


def _write(path: Path, data: bytes = FAKE_BYTES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_unknown_model_lists_known_names() -> None:
    with pytest.raises(InputError) as error:
        get_entry("yolo_v99")
    message = str(error.value)
    assert "yolo_v99" in message
    assert "yolox_nano" in message and "centerface" in message


def test_catalogue_digests_and_licences() -> None:
    for entry in MODELS.values():
        assert entry.sha256, entry.name
        # A SHA-256 as hashlib writes it: 64 lowercase hex digits, so comparisons are exact.
        assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in entry.sha256), entry.name
    yolox = get_entry("yolox_nano").sha256
    assert "c789161ed43c8269fcd4e67c67eeeb4e80c622da2eb296a20bc6007bd18a0b7d" in yolox
    assert "fd7193b8405bf4a5c63dea8f032ce31c69853019445d3ab0a8247f9ec9db8f38" in yolox
    assert not get_entry("mobilefacenet").licence.commercial_use_ok
    assert not get_entry("insightface_genderage").licence.commercial_use_ok
    assert get_entry("centerface").licence.spdx == "MIT"


def test_resolution_order(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package_root = isolated / "site"
    _write(package_root / "fake_model_pkg" / "__init__.py", b"raise RuntimeError('imported')\n")
    shipped = _write(package_root / "fake_model_pkg" / "fake_model.onnx")
    monkeypatch.syspath_prepend(str(package_root))
    entry = fake_entry(packaged=PackagedCopy("fake_model_pkg", "fake_model.onnx"))
    catalog = {"fake": entry}
    first_dir, second_dir = isolated / "m1", isolated / "m2"
    first_dir.mkdir()
    in_models = _write(second_dir / "fake_model.onnx")
    cached = _write(isolated / "cache" / "models" / "fake_model.onnx")
    explicit = _write(isolated / "elsewhere" / "mine.onnx")
    monkeypatch.setenv("PRIVACAM_MODELS", os.pathsep.join([str(first_dir), str(second_dir)]))

    found = resolve_model("fake", explicit, catalog=catalog)
    assert (found.path, found.source, found.sha256) == (explicit, "explicit", FAKE_SHA)
    found = resolve_model("fake", catalog=catalog)
    assert (found.path, found.source) == (in_models, "PRIVACAM_MODELS")
    in_models.unlink()
    found = resolve_model("fake", catalog=catalog)
    assert (found.path, found.source) == (shipped, "package")
    assert "fake_model_pkg" not in sys.modules  # located, never imported
    shipped.unlink()
    found = resolve_model("fake", catalog=catalog)
    assert (found.path, found.source) == (cached, "cache")
    cached.unlink()
    with pytest.raises(InputError, match="PRIVACAM_MODELS"):
        resolve_model("fake", catalog=catalog)  # no URL: says where to place the file


def test_missing_explicit_path_is_an_error(isolated: Path) -> None:
    _write(isolated / "cache" / "models" / "fake_model.onnx")
    with pytest.raises(InputError, match="does not exist"):
        resolve_model("fake", isolated / "nope.onnx", catalog={"fake": fake_entry()})


def test_digest_mismatch_is_a_clear_error(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(isolated / "models" / "fake_model.onnx", FAKE_BYTES[:100])  # truncated
    monkeypatch.setenv("PRIVACAM_MODELS", str(isolated / "models"))
    with pytest.raises(InputError) as error:
        resolve_model("fake", catalog={"fake": fake_entry()})
    message = str(error.value)
    assert "not an accepted digest" in message and "fake_model.onnx" in message
    assert "\n" not in message


def test_truncated_real_model_name_is_rejected(isolated: Path) -> None:
    truncated = _write(isolated / "yolox_nano.onnx", b"\x08\x07\x12\x07pytorch" * 10)
    with pytest.raises(InputError, match="not an accepted digest for yolox_nano"):
        resolve_model("yolox_nano", truncated)


def test_digest_is_cached_per_path_size_and_mtime(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(isolated / "m" / "fake_model.onnx")
    calls = []
    real = digest_module.sha256_file
    monkeypatch.setattr(digest_module, "sha256_file", lambda p: calls.append(p) or real(p))
    assert digest_module.cached_sha256(path) == FAKE_SHA
    assert digest_module.cached_sha256(path) == FAKE_SHA
    assert len(calls) == 1
    _write(path, FAKE_BYTES + b"x")
    os.utime(path, ns=(1, 1))
    assert digest_module.cached_sha256(path) != FAKE_SHA
    assert len(calls) == 2


def test_resolution_logs_name_path_and_digest(
    isolated: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(isolated / "m" / "fake_model.onnx")
    with caplog.at_level(logging.DEBUG, logger="privacam.vision.models"):
        resolve_model("fake", path, catalog={"fake": fake_entry()})
    assert f"model fake {path} sha256={FAKE_SHA}" in caplog.text


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server(tmp_path: Path):
    """An HTTP server on 127.0.0.1 serving tmp_path/www; yields (base_url, folder)."""
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_download_into_cache_then_reuse(isolated: Path, local_server) -> None:
    base, folder = local_server
    _write(folder / "fake_model.onnx")
    catalog = {"fake": fake_entry(url=f"{base}/fake_model.onnx")}
    first = resolve_model("fake", catalog=catalog, show_progress=False)
    assert first.source == "download"
    assert first.path == isolated / "cache" / "models" / "fake_model.onnx"
    assert first.path.read_bytes() == FAKE_BYTES
    assert sorted(p.name for p in first.path.parent.iterdir()) == ["fake_model.onnx"]
    again = resolve_model("fake", catalog=catalog)
    assert (again.source, again.sha256) == ("cache", FAKE_SHA)


def test_download_with_wrong_digest_leaves_nothing(isolated: Path, local_server) -> None:
    base, folder = local_server
    _write(folder / "fake_model.onnx", b"tampered bytes")
    catalog = {"fake": fake_entry(url=f"{base}/fake_model.onnx")}
    with pytest.raises(InputError, match="not an accepted digest"):
        resolve_model("fake", catalog=catalog, show_progress=False)
    cache = isolated / "cache" / "models"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_download_http_404_is_an_input_error(isolated: Path, local_server) -> None:
    base, _ = local_server
    catalog = {"fake": fake_entry(url=f"{base}/absent.onnx")}
    with pytest.raises(InputError, match="HTTP 404"):
        resolve_model("fake", catalog=catalog, show_progress=False)
    assert list((isolated / "cache" / "models").iterdir()) == []


def test_unreachable_server_names_privacam_models_and_file(isolated: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    catalog = {"fake": fake_entry(url=f"http://127.0.0.1:{port}/fake_model.onnx")}
    with pytest.raises(InputError) as error:
        resolve_model("fake", catalog=catalog, show_progress=False)
    message = str(error.value)
    assert "PRIVACAM_MODELS" in message and "fake_model.onnx" in message
    assert list((isolated / "cache" / "models").iterdir()) == []


def test_no_download_when_disabled(isolated: Path) -> None:
    catalog = {"fake": fake_entry(url="http://127.0.0.1:9/never")}
    with pytest.raises(InputError, match="privacam models pull fake"):
        resolve_model("fake", catalog=catalog, download=False)


@pytest.mark.assets
def test_every_shared_asset_model_verifies(
    models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    present = [e for e in MODELS.values() if (models_dir / e.filename).is_file()]
    assert len(present) >= 7
    for entry in present:
        model = resolve_model(entry.name, download=False)
        assert model.source == "PRIVACAM_MODELS"
        assert model.sha256 in entry.sha256


class _ShortBodyHandler(http.server.BaseHTTPRequestHandler):
    """Promises a long body, sends a few bytes, then hangs up: a dropped connection."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(FAKE_BYTES)))
        self.end_headers()
        self.wfile.write(FAKE_BYTES[:64])
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


def test_truncated_download_leaves_nothing(isolated: Path) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _ShortBodyHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/fake_model.onnx"
        with pytest.raises(InputError, match=r"fake_model\.onnx"):
            resolve_model("fake", catalog={"fake": fake_entry(url=url)}, show_progress=False)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert list((isolated / "cache" / "models").iterdir()) == []
