"""One pixel limit for every source: headers are checked before any pixel is decoded."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from privacam.errors import InputError
from privacam.vision.sources import (
    DEFAULT_MAX_PIXELS,
    MAX_PIXELS_ENV,
    ReconnectPolicy,
    max_pixels,
    open_source,
)
from tests.vision.bombs import png_bomb
from tests.vision.mjpeg_server import MjpegServer
from tests.vision.test_sources_files import write_folder, write_video

SMALL = 64 * 48  # the synthetic media's frame size, in pixels


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MAX_PIXELS_ENV, raising=False)


def _one_line(error: pytest.ExceptionInfo[InputError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads Linux's VmHWM")
def test_image_source_refuses_a_decompression_bomb_before_decoding_it(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "bomb.png", 30000, 30000)
    assert bomb.stat().st_size < 200_000  # 109 KB that would decode to 2.7 GB of BGR
    # A child process, so that its peak memory is this open alone. VmHWM, not ru_maxrss:
    # Linux carries the forking parent's peak into the child's ru_maxrss across exec.
    script = textwrap.dedent(
        f"""
        import re
        from pathlib import Path
        from privacam.errors import InputError
        from privacam.vision.sources import open_source
        try:
            open_source({str(bomb)!r}, threaded=False)
            print("decoded")
        except InputError as error:
            print("refused:", error)
        status = Path("/proc/self/status").read_text()
        print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    verdict, peak_mb = done.stdout.strip().splitlines()
    assert verdict.startswith("refused:") and "30000×30000" in verdict, done.stdout
    assert "100.0 MP" in verdict and MAX_PIXELS_ENV in verdict
    assert int(peak_mb) < 600, f"peak memory {peak_mb} MB: the bomb was decoded"


def test_header_beyond_opencv_limit_is_one_input_error_not_a_traceback(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "huge.png", 100_000, 100_000, rows=1)
    with pytest.raises(InputError) as error:
        open_source(bomb, threaded=False)
    assert "100000×100000" in _one_line(error)


def test_every_image_of_a_folder_is_checked_not_only_the_first(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "frames", count=3)
    png_bomb(folder / "frame4.png", 100_000, 100_000, rows=1)
    with open_source(folder, fps=10, threaded=False) as source:
        frames = iter(source)
        assert [next(frames).index for _ in range(3)] == [0, 1, 2]
        with pytest.raises(InputError) as error:
            next(frames)
    assert "frame4.png" in _one_line(error)


def _open_folder(tmp_path: Path) -> object:
    return open_source(write_folder(tmp_path / "frames", count=2), fps=10, threaded=False)


def _open_image(tmp_path: Path) -> object:
    return open_source(write_folder(tmp_path / "frames", count=1) / "frame1.png", threaded=False)


def _open_video(tmp_path: Path) -> object:
    return open_source(write_video(tmp_path / "clip.avi", 3, fourcc="MJPG"), threaded=False)


@pytest.mark.parametrize("opener", [_open_folder, _open_image, _open_video])
def test_max_pixels_setting_limits_file_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opener
) -> None:
    monkeypatch.setenv(MAX_PIXELS_ENV, str(SMALL - 1))
    with pytest.raises(InputError) as error:
        opener(tmp_path)
    line = _one_line(error)
    assert "64×48" in line and f"{SMALL - 1} px" in line


@pytest.mark.parametrize("opener", [_open_folder, _open_image, _open_video])
def test_frames_at_the_limit_still_decode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opener
) -> None:
    monkeypatch.setenv(MAX_PIXELS_ENV, str(SMALL))
    with opener(tmp_path) as source:
        assert next(iter(source)).image.shape == (48, 64, 3)


def test_max_pixels_setting_limits_live_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_PIXELS_ENV, str(SMALL - 1))
    policy = ReconnectPolicy(initial_delay=0.05, max_delay=0.05, max_attempts=0)
    with MjpegServer() as server, pytest.raises(InputError) as error:
        open_source(server.url, reconnect=policy, threaded=False)
    assert "64×48" in _one_line(error)


def test_pixel_limit_defaults_to_100_megapixels_and_rejects_a_bad_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert max_pixels() == DEFAULT_MAX_PIXELS == 100_000_000
    monkeypatch.setenv(MAX_PIXELS_ENV, "200000000")
    assert max_pixels() == 200_000_000
    for bad in ("lots", "0", "-5", "1.5"):
        monkeypatch.setenv(MAX_PIXELS_ENV, bad)
        with pytest.raises(InputError) as error:
            max_pixels()
        line = _one_line(error)
        assert MAX_PIXELS_ENV in line and repr(bad) in line and " / " in line
