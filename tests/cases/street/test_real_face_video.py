"""Real YuNet on a real face pasted into a moving synthetic scene, with forced detection blinks."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from privacam.cases.street.detection import DetectorConfig, StreetDetector
from privacam.cases.street.video_pipeline import anonymize_video
from privacam.vision.redaction import RedactionStyle
from privacam.vision.types import Detections

from .helpers import decode

pytestmark = pytest.mark.assets

FRAMES = 30
BLINKS = {5, 6, 7, 15, 22}


def face_xy(index: int) -> tuple[int, int]:
    return 30 + 6 * index, 50


class Blinking:
    """The real detector, with its output dropped on the BLINKS frames."""

    def __init__(self, inner: StreetDetector) -> None:
        self.inner, self.calls, self.found = inner, 0, []

    def detect(self, image: np.ndarray) -> Detections:
        found = self.inner.detect(image)
        self.found.append(len(found))
        self.calls += 1
        return Detections.empty() if self.calls - 1 in BLINKS else found


def test_real_face_masked_through_blinks(
    models_dir: Path, media_dir: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    face = cv2.imread(str(sorted((media_dir / "dlib_johns" / "John_Simm").glob("*.jpg"))[0]))
    source = tmp_path / "drive.mp4"
    with av.open(str(source), "w") as out:
        stream = out.add_stream("libx264", rate=Fraction(10))
        stream.width, stream.height, stream.pix_fmt = 480, 320, "yuv420p"
        for i in range(FRAMES):
            image = np.full((320, 480, 3), 120, np.uint8)
            x, y = face_xy(i)
            image[y : y + 150, x : x + 150] = face
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    detector = Blinking(StreetDetector(DetectorConfig(plates=False)))
    target = tmp_path / "out.mp4"
    anonymize_video(
        source,
        target,
        detector,
        RedactionStyle(method="fill", shape="ellipse", margin=0.15),
        gps_decimals=3,
        keep_audio=False,
        lookahead_seconds=0.3,
        lost_seconds=0.5,
    )
    assert sum(n > 0 for n in detector.found) >= FRAMES - 2  # YuNet sees the real face
    original, masked = decode(source), decode(target)
    assert len(masked) == FRAMES
    for i, (before, after) in enumerate(zip(original, masked, strict=True)):
        x, y = face_xy(i)
        # the face's centre (eyes, nose, mouth) must be filled on every frame, blinks included
        centre = (slice(y + 45, y + 110), slice(x + 40, x + 110))
        assert after[centre].mean() < 25, f"frame {i}: face centre not masked"
        assert before[centre].mean() > 60
