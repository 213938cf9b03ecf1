"""Frame-rate sampling on timestamps, timestamp repair, and source-spec parsing."""

from __future__ import annotations

import itertools
import math

import pytest

from privacam.errors import InputError
from privacam.vision.sources import FrameRateSampler, VideoFileSource, open_source, redact_url
from tests.vision.test_sources_files import write_video


def kept(target_fps: float | None, stamps: list[float]) -> list[float]:
    sampler = FrameRateSampler(target_fps)
    return [t for t in stamps if sampler.keep(t)]


def test_30_to_10_fps_keeps_every_third_frame_without_drift():
    stamps = [i / 30 for i in range(301)]
    assert kept(10, stamps) == pytest.approx([i / 10 for i in range(101)])


def test_jittery_live_timestamps_keep_about_the_target_rate():
    # 30 fps with +-5 ms jitter over 10 s, sampled to 5 fps: one frame per 0.2 s slot
    stamps = [i / 30 + (0.005 if i % 2 else -0.005) for i in range(1, 301)]
    result = kept(5, stamps)
    assert len(result) == 50
    gaps = [b - a for a, b in itertools.pairwise(result)]
    assert min(gaps) > 0.15 and max(gaps) < 0.25


def test_a_gap_realigns_instead_of_bursting():
    # frames at 25 fps, then a 3 s stall, then 25 fps again; target 2 fps
    stamps = [i / 25 for i in range(25)] + [4.0 + i / 25 for i in range(25)]
    result = kept(2, stamps)
    assert result == pytest.approx([0.0, 0.52, 4.0, 4.52])


def test_no_target_keeps_everything_and_bad_targets_are_refused():
    assert kept(None, [0.0, 0.0001, 5.0]) == [0.0, 0.0001, 5.0]
    for bad in (0, -1, math.inf, math.nan):
        with pytest.raises(ValueError):
            FrameRateSampler(bad)


def test_video_timestamps_are_repaired_to_strictly_increase(tmp_path):
    with VideoFileSource(write_video(tmp_path / "c.mp4", count=2)) as source:
        assert source._timestamp(float("nan"), None) == 0.0
        assert source._timestamp(400.0, 0.36) == pytest.approx(0.4)
        assert source._timestamp(float("nan"), 0.4) == pytest.approx(0.44)  # 25 fps step
        assert source._timestamp(360.0, 0.4) == pytest.approx(0.44)  # went backwards


def test_redact_url_hides_only_the_password():
    assert redact_url("rtsp://cam:pw@10.0.0.5:554/s?x=1") == "rtsp://cam:***@10.0.0.5:554/s?x=1"
    assert redact_url("http://127.0.0.1/a.mjpg") == "http://127.0.0.1/a.mjpg"


def test_unsupported_spec_types_and_absent_webcams_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="unsupported source"):
        open_source(True)
    with pytest.raises(InputError, match="cannot open webcam 99"):
        open_source("99")
    with pytest.raises(InputError, match="source not found"):
        open_source(f"file://{tmp_path}/missing.bin")
