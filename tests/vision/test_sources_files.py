"""Video files and image folders: order, timestamps, metadata, sampling and bad inputs."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.sources import (
    ImageFolderSource,
    Source,
    ThreadedSource,
    VideoFileSource,
    list_images,
    open_source,
)

STEP = 8  # grey level per frame index in the synthetic media


def synthetic_frame(index: int, size: tuple[int, int] = (64, 48)) -> np.ndarray:
    """A flat grey frame whose level encodes its index (survives lossy codecs)."""
    width, height = size
    return np.full((height, width, 3), STEP * index, dtype=np.uint8)


def index_of(image: np.ndarray) -> int:
    return round(float(image.mean()) / STEP)


def write_video(path: Path, count: int, fps: float = 25.0, fourcc: str = "mp4v") -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (64, 48))
    assert writer.isOpened(), f"this OpenCV cannot write {fourcc}"
    for i in range(count):
        writer.write(synthetic_frame(i))
    writer.release()
    return path


def write_folder(folder: Path, count: int, digits: int = 0) -> Path:
    """PNGs named 1.png … (unpadded, so plain string order would be wrong) plus a licence."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        name = f"{i + 1:0{digits}d}.png" if digits else f"frame{i + 1}.png"
        cv2.imwrite(str(folder / name), synthetic_frame(i))
    (folder / "LICENSE.txt").write_text("CC BY 4.0: synthetic frames\n")
    (folder / "notes.md").write_text("not an image\n")
    return folder


@pytest.mark.parametrize(("fourcc", "suffix"), [("mp4v", ".mp4"), ("MJPG", ".avi")])
def test_video_file_yields_every_frame_in_order_with_container_timestamps(tmp_path, fourcc, suffix):
    path = write_video(tmp_path / f"clip{suffix}", count=30, fourcc=fourcc)
    with open_source(path, threaded=False) as source:
        assert isinstance(source, VideoFileSource)
        info = source.info
        frames = list(source)
    assert (info.kind, info.width, info.height, info.is_live) == ("file", 64, 48, False)
    assert info.fps == pytest.approx(25.0)
    assert info.frame_count == 30
    assert [f.index for f in frames] == list(range(30))
    assert [index_of(f.image) for f in frames] == list(range(30))
    assert [f.timestamp for f in frames] == pytest.approx([i / 25 for i in range(30)])
    assert all(f.captured_at is None for f in frames)
    assert frames[0].image.shape == (48, 64, 3) and frames[0].image.dtype == np.uint8


def test_video_file_source_id_is_carried(tmp_path):
    path = write_video(tmp_path / "clip.mp4", count=3)
    with open_source(str(path), source_id="cam-2") as source:
        assert {f.source_id for f in source} == {"cam-2"}


def test_image_folder_skips_non_images_and_sorts_naturally(tmp_path):
    folder = write_folder(tmp_path / "frames", count=12)
    assert [p.name for p in list_images(folder)][8:11] == [
        "frame9.png",
        "frame10.png",
        "frame11.png",
    ]
    with open_source(folder, fps=10, threaded=False) as source:
        assert isinstance(source, ImageFolderSource)
        info = source.info
        frames = list(source)
    assert (info.kind, info.width, info.height, info.fps) == ("folder", 64, 48, 10)
    assert info.frame_count == 12 and info.is_live is False
    assert [index_of(f.image) for f in frames] == list(range(12))
    assert [f.index for f in frames] == list(range(12))
    assert [f.timestamp for f in frames] == pytest.approx([i / 10 for i in range(12)])


def test_numbered_sequence_pattern_selects_only_matching_files(tmp_path):
    folder = write_folder(tmp_path / "seq", count=11, digits=6)
    cv2.imwrite(str(folder / "thumb.png"), synthetic_frame(20))  # not part of the sequence
    cv2.imwrite(str(folder / "12.png"), synthetic_frame(21))  # too few digits for %06d
    with open_source(folder / "%06d.png", fps=25) as source:
        levels = [index_of(f.image) for f in source]
    assert levels == list(range(11))


def test_single_image_needs_no_fps(tmp_path):
    path = tmp_path / "one.png"
    cv2.imwrite(str(path), synthetic_frame(3))
    with open_source(path) as source:
        frames = list(source)
    assert [(f.index, f.timestamp, index_of(f.image)) for f in frames] == [(0, 0.0, 3)]


@pytest.mark.parametrize("make", ["folder", "video"])
def test_sampling_25_to_5_fps_keeps_every_fifth_frame_with_original_index(tmp_path, make):
    if make == "folder":
        spec = write_folder(tmp_path / "frames", count=26)
    else:
        spec = write_video(tmp_path / "clip.mp4", count=26)
    with open_source(spec, fps=25 if make == "folder" else None, target_fps=5) as source:
        assert source.info.output_fps == 5
        frames = list(source)
    assert [f.index for f in frames] == [0, 5, 10, 15, 20, 25]
    assert [index_of(f.image) for f in frames] == [0, 5, 10, 15, 20, 25]
    assert [f.timestamp for f in frames] == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])


def test_sampling_above_the_source_rate_keeps_everything(tmp_path):
    folder = write_folder(tmp_path / "frames", count=7)
    with open_source(folder, fps=25, target_fps=60) as source:
        assert [f.index for f in source] == list(range(7))


@pytest.mark.parametrize("make", ["folder", "video"])
def test_threaded_reader_yields_the_same_frames_as_the_plain_one(tmp_path, make):
    if make == "folder":
        spec, fps = write_folder(tmp_path / "frames", count=20), 25
    else:
        spec, fps = write_video(tmp_path / "clip.avi", count=20, fourcc="MJPG"), None
    with open_source(spec, fps=fps, threaded=False) as plain:
        expected = list(plain)
    with open_source(spec, fps=fps, queue_size=2) as threaded:
        assert isinstance(threaded, ThreadedSource)
        assert threaded.info == plain.info
        got = list(threaded)
    assert [(f.index, f.timestamp) for f in got] == [(f.index, f.timestamp) for f in expected]
    assert all(np.array_equal(a.image, b.image) for a, b in zip(got, expected, strict=True))
    assert not threaded.thread.is_alive()


def test_sources_satisfy_the_protocol_and_iterate_once(tmp_path):
    folder = write_folder(tmp_path / "frames", count=2)
    for threaded in (False, True):
        source = open_source(folder, fps=25, threaded=threaded)
        assert isinstance(source, Source)
        with source:
            assert len(list(source)) == 2
            with pytest.raises(RuntimeError, match="already iterated"):
                iter(source)


def _random_bytes(path: Path) -> Path:
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    return path


BAD_INPUTS = {
    "missing file": (lambda d: d / "nope.mp4", "not found"),
    "missing folder": (lambda d: d / "nope", "not found"),
    "random bytes named .mp4": (lambda d: _random_bytes(d / "x.mp4"), "corrupt"),
    "zero-byte video": (lambda d: (d / "z.mp4").write_bytes(b"") or d / "z.mp4", "0 bytes"),
    "text file": (lambda d: (d / "a.txt").write_text("hi") and d / "a.txt", "unsupported input"),
    "unknown scheme": (lambda d: "ftp://127.0.0.1/cam", "unsupported source scheme ftp://"),
    "folder without images": (
        lambda d: (d / "LICENSE.txt").write_text("MIT") and d,
        "holds no images",
    ),
    "pattern matching nothing": (lambda d: d / "%06d.jpg", "no images match"),
    "missing webcam device": (lambda d: "/dev/video99", "not found"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gives_one_clear_input_error_line(tmp_path, case):
    make, expected = BAD_INPUTS[case]
    spec = make(tmp_path)
    with pytest.raises(InputError, match=expected) as error:
        open_source(spec, fps=25)
    message = str(error.value)
    assert "\n" not in message and error.value.exit_code == 2


def test_folder_without_fps_is_an_error_that_says_what_to_pass(tmp_path):
    folder = write_folder(tmp_path / "frames", count=3)
    with pytest.raises(InputError, match=r"pass fps \(e\.g\. --fps 25\)"):
        open_source(folder)


@pytest.mark.parametrize("rate", [0, -5, float("nan")])
def test_invalid_rates_are_input_errors(tmp_path, rate):
    folder = write_folder(tmp_path / "frames", count=3)
    with pytest.raises(InputError, match="fps"):
        open_source(folder, fps=rate)
    with pytest.raises(InputError, match="target_fps"):
        open_source(folder, fps=25, target_fps=rate)


def test_a_corrupt_image_in_a_folder_is_skipped_and_counted_on_the_next_frame(tmp_path, caplog):
    folder = write_folder(tmp_path / "frames", count=5)
    _random_bytes(folder / "frame3.png")
    with open_source(folder, fps=25) as source:
        frames = [(f.index, f.skipped_before) for f in source]
    assert frames == [(0, 0), (1, 0), (3, 1), (4, 0)]
    assert "frame3.png" in caplog.text and "skipped a corrupt image" in caplog.text


def test_a_corrupt_first_image_is_skipped_too(tmp_path):
    folder = write_folder(tmp_path / "frames", count=3)
    _random_bytes(folder / "frame1.png")
    with open_source(folder, fps=25) as source:
        assert (source.info.width, source.info.height) == (64, 48)
        frames = [(f.index, f.skipped_before) for f in source]
    assert frames == [(1, 1), (2, 0)]


def test_a_folder_of_only_corrupt_images_is_one_clear_error(tmp_path):
    folder = write_folder(tmp_path / "frames", count=2)
    for name in ("frame1.png", "frame2.png"):
        _random_bytes(folder / name)
    with pytest.raises(InputError, match="none of the 2 images") as error:
        open_source(folder, fps=25)
    assert "\n" not in str(error.value)


@pytest.mark.assets
def test_tud_campus_folder_opens_at_25_fps(media_dir):
    with open_source(media_dir / "TUD-Campus" / "img1", fps=25) as source:
        info = source.info
        frames = list(source)
    assert (info.width, info.height, info.frame_count, info.fps) == (640, 480, 71, 25)
    assert len(frames) == 71
    assert frames[-1].index == 70 and frames[-1].timestamp == pytest.approx(70 / 25)
    assert {f.image.shape for f in frames} == {(480, 640, 3)}
    # natural order: the last frame is 000071.jpg, not e.g. a det/gt file
    last = cv2.imread(str(media_dir / "TUD-Campus" / "img1" / "000071.jpg"))
    assert np.array_equal(frames[-1].image, last)


def test_truncated_video_warns_that_frames_are_missing(tmp_path, caplog):
    path = write_video(tmp_path / "clip.avi", count=30, fourcc="MJPG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with open_source(path, threaded=False) as source:
        count = sum(1 for _ in source)
    assert 0 < count < 29
    assert f"ended after {count} of 30 frames" in caplog.text
