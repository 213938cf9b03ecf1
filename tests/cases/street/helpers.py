"""Synthetic media and stub detectors for the street tests: no camera pixel, no model file."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import ClassVar

import av
import cv2
import numpy as np

from privacam.vision.types import FACE_CLASS_ID, Detections

FACE = 40  # side of the synthetic face, pixels


def face_patch(seed: int = 7) -> np.ndarray:
    """A bright, high-contrast random texture: easy to tell from a fill or a blur."""
    rng = np.random.default_rng(seed)
    return rng.integers(60, 255, (FACE, FACE, 3), dtype=np.uint8)


def face_box(index: int) -> tuple[int, int, int, int]:
    """Where the synthetic face is in frame ``index``: moving right 4 px per frame."""
    x, y = 20 + 4 * index, 60
    return x, y, x + FACE, y + FACE


def scene(index: int, width: int = 320, height: int = 240) -> np.ndarray:
    image = np.full((height, width, 3), 90, np.uint8)
    image[:, :, 1] = np.linspace(40, 160, width, dtype=np.uint8)[None, :]  # smooth background
    x0, y0, x1, y1 = face_box(index)
    image[y0:y1, x0:x1] = face_patch()
    return image


def write_video(
    path: Path,
    frames: int,
    fps: Fraction = Fraction(15),
    audio: bool = False,
    options: dict[str, str] | None = None,
) -> None:
    """An H.264 (or MJPEG for .avi) video of the moving face, with optional sine audio.

    ``options`` go to the muxer: ``{"movflags": "faststart"}`` puts an MP4's index first,
    as cameras that record straight to an index-first file do."""
    with av.open(str(path), "w", options=options or {}) as out:
        stream = out.add_stream("libx264" if path.suffix != ".avi" else "mjpeg", rate=fps)
        stream.width, stream.height = 320, 240
        stream.pix_fmt = "yuv420p" if path.suffix != ".avi" else "yuvj420p"
        stream.options = {"crf": "10"} if path.suffix != ".avi" else {}
        audio_stream = out.add_stream("aac", rate=16000) if audio else None
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(scene(i), format="bgr24")
            frame.pts = i
            frame.time_base = 1 / fps
            for packet in stream.encode(frame):
                out.mux(packet)
        if audio_stream is not None:
            samples = int(16000 * frames / fps)
            tone = (0.2 * np.sin(np.arange(samples) * 2 * np.pi * 440 / 16000)).astype(np.float32)
            for start in range(0, samples, 1024):
                chunk = tone[None, start : start + 1024]
                aframe = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
                aframe.sample_rate = 16000
                aframe.pts = start
                for packet in audio_stream.encode(aframe):
                    out.mux(packet)
            for packet in audio_stream.encode():
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="bgr24") for f in container.decode(container.streams.video[0])]


def face_visible(image: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether the face texture shows: the inner box keeps its high local contrast."""
    x0, y0, x1, y1 = box
    inner = image[y0 + 4 : y1 - 4, x0 + 4 : x1 - 4].astype(np.float32)
    if inner.size == 0:
        return False
    return float(np.abs(np.diff(inner, axis=1)).mean()) > 12.0


class BlinkingFaceDetector:
    """Finds the synthetic face (by position) except on ``misses`` frames: a detector that blinks.

    It counts calls, so it must see frames in order, as the video pipeline gives them.
    """

    models: ClassVar[dict[str, str]] = {"stub_faces": "0" * 64}

    def __init__(self, misses: set[int], first_seen: int = 0) -> None:
        self.misses = misses
        self.first_seen = first_seen
        self.calls = 0

    def detect(self, image: np.ndarray) -> Detections:
        index = self.calls
        self.calls += 1
        x0, y0, x1, y1 = face_box(index)
        if index in self.misses or index < self.first_seen or x1 > image.shape[1]:
            return Detections.empty()
        return Detections(xyxy=[[x0, y0, x1, y1]], scores=[0.9], class_ids=[FACE_CLASS_ID])


class PatchFinder:
    """Finds the synthetic face by its texture (template matching), like a detector would."""

    models: ClassVar[dict[str, str]] = {"stub_faces": "1" * 64}

    def __init__(self, config: object = None) -> None:
        self.patch = face_patch()

    def detect(self, image: np.ndarray) -> Detections:
        if image.shape[0] < FACE or image.shape[1] < FACE:
            return Detections.empty()
        score = cv2.matchTemplate(image, self.patch, cv2.TM_CCOEFF_NORMED)
        _, best, _, (x, y) = cv2.minMaxLoc(score)
        if best < 0.5:
            return Detections.empty()
        return Detections(
            xyxy=[[x, y, x + FACE, y + FACE]], scores=[float(best)], class_ids=[FACE_CLASS_ID]
        )


class OtherDigestFinder(PatchFinder):
    models: ClassVar[dict[str, str]] = {"stub_faces": "2" * 64}
