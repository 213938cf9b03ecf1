"""MCNN's registry entry: converted locally from its official HDF5 weights; CSRNet opt-in."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import socket
import threading
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort
import pytest

from privacam.errors import InputError
from privacam.vision.models import MODELS, ModelEntry, get_entry, resolve_model
from privacam.vision.models import digest as digest_module
from privacam.vision.models.mcnn_h5 import convert_mcnn_h5
from tests.helpers.cli import run_main as run

H5 = "mcnn_shtechB_110.h5"
ONNX = "mcnn_shtechB_110.onnx"


@pytest.fixture
def places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """An empty PRIVACAM_MODELS folder and an empty cache; returns (models, cache)."""
    models, cache = tmp_path / "models", tmp_path / "cache" / "models"
    models.mkdir()
    monkeypatch.setenv("PRIVACAM_MODELS", str(models))
    monkeypatch.setenv("PRIVACAM_CACHE", str(cache.parent))
    monkeypatch.setenv("COLUMNS", "200")
    digest_module.clear_digest_cache()
    return models, cache


def _session(path: Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _gray_blob(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    gray = cv2.cvtColor(cv2.resize(image, size, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    return gray.astype(np.float32)[None, None]


def test_mcnn_entry_names_its_official_weights_and_licence() -> None:
    entry = get_entry("mcnn_shtech_b")
    assert entry.licence.spdx == "MIT" and entry.licence.commercial_use_ok
    source = entry.converted_from
    assert source is not None and source.filename == H5
    assert "gpspelle/Crowd-Counting" in source.url and "de480bbd" in source.url
    assert source.sha256 == {"a94133180b0403e8735ae3e0c621ef70650f2047a3f1b75664ba144a99d3bb17"}
    assert entry.pullable


def test_csrnet_is_opt_in_with_an_unclear_licence() -> None:
    entry = get_entry("csrnet_int8")
    assert not entry.licence.commercial_use_ok and entry.licence.spdx == "unclear"
    assert not entry.pullable  # the user supplies the file


@pytest.mark.assets
def test_mcnn_h5_converts_to_the_registered_onnx_with_the_exported_outputs(
    models_dir: Path, media_dir: Path, tmp_path: Path
) -> None:
    converted = convert_mcnn_h5(models_dir / H5, tmp_path / ONNX)
    digest = hashlib.sha256(converted.read_bytes()).hexdigest()
    assert digest in get_entry("mcnn_shtech_b").sha256
    ours, exported = _session(converted), _session(models_dir / ONNX)
    frames = [
        cv2.imread(str(media_dir / "ShanghaiTech_partB_sample" / "images" / "IMG_2.jpg")),
        cv2.imread(str(media_dir / "TUD-Campus" / "img1" / "000030.jpg")),
    ]
    for image, size in zip(frames, [(616, 460), (640, 480)], strict=True):
        blob = _gray_blob(image, size)
        a = ours.run(None, {"input": blob})[0]
        b = exported.run(None, {"input": blob})[0]
        assert a.shape == b.shape == (1, 1, size[1] // 4, size[0] // 4)
        assert np.abs(a - b).max() < 1e-4 and a.sum() > 1


@pytest.mark.assets
def test_models_pull_converts_mcnn_offline_from_the_h5_in_privacam_models(
    places: tuple[Path, Path], models_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models, cache = places
    shutil.copy(models_dir / H5, models / H5)
    code, out, _ = run(["models", "pull", "mcnn_shtech_b"], capsys)
    assert code == 0, out
    assert (cache / ONNX).is_file() and sorted(p.name for p in cache.iterdir()) == [ONNX]
    resolved = resolve_model("mcnn_shtech_b", download=False)
    assert (resolved.source, resolved.path) == ("cache", cache / ONNX)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.assets
def test_models_pull_downloads_the_official_h5_and_converts_it(
    places: tuple[Path, Path],
    models_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, cache = places
    www = cache.parent.parent / "www"
    www.mkdir()
    shutil.copy(models_dir / H5, www / H5)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(www))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    entry = get_entry("mcnn_shtech_b")
    url = f"http://127.0.0.1:{server.server_address[1]}/{H5}"
    monkeypatch.setitem(MODELS, "mcnn_shtech_b", _with_source_url(entry, url))
    try:
        code, out, _ = run(["models", "pull", "mcnn_shtech_b"], capsys)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert code == 0
    digest = hashlib.sha256((cache / ONNX).read_bytes()).hexdigest()
    assert f"sha256={digest}" in out and digest in entry.sha256
    assert sorted(p.name for p in cache.iterdir()) == [ONNX]  # no .h5 or temp file left


def _with_source_url(entry: ModelEntry, url: str) -> ModelEntry:
    return replace(entry, converted_from=replace(entry.converted_from, url=url))


@pytest.mark.assets
def test_models_pull_refuses_mcnn_weights_with_another_digest(
    places: tuple[Path, Path], models_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models, cache = places
    tampered = bytearray((models_dir / H5).read_bytes())
    tampered[-100] ^= 0xFF
    (models / H5).write_bytes(bytes(tampered))
    code, _, err = run(["models", "pull", "mcnn_shtech_b"], capsys)
    assert code == 2
    assert "mcnn_shtechB_110.h5" in err and "Traceback" not in err
    assert not cache.exists() or list(cache.iterdir()) == []


def test_models_pull_without_network_or_weights_names_privacam_models(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cache = places
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{H5}"
    monkeypatch.setitem(MODELS, "mcnn_shtech_b", _with_source_url(get_entry("mcnn_shtech_b"), url))
    with pytest.raises(InputError, match="PRIVACAM_MODELS"):
        resolve_model("mcnn_shtech_b", show_progress=False)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_models_list_shows_the_density_models_and_their_licences(
    places: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["models", "list"], capsys)
    assert code == 0
    mcnn = next(line for line in out.splitlines() if "mcnn_shtech_b" in line)
    assert "MIT" in mcnn
    csrnet = next(line for line in out.splitlines() if line.startswith("│ csrnet_int8"))
    assert "unclear" in csrnet and "NO" in csrnet
    assert "warning: csrnet_int8 is licensed unclear" in out
