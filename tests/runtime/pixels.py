"""Searching written files for camera pixels: image crops by template matching, raw bytes.

:class:`PixelProbe` samples textured 32x32 patches from source frames (at full
scale, and 64x64 regions shrunk to 32x32 for half-scale thumbnails) and raw
BGR byte runs; :meth:`PixelProbe.image_hits` and :meth:`PixelProbe.byte_hits`
say which of them a written file contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

PATCH = 32
#: RMS difference per pixel and channel under which a patch counts as found: a JPEG (q 90) of
#: a crop stays well below it; textured patches (std >= 25) against drawings stay far above.
MAX_RMS = 12.0
IMAGE_SIGNATURES = (
    b"\xff\xd8\xff\xe0",
    b"\xff\xd8\xff\xdb",
    b"\xff\xd8\xff\xe1",
    b"\x89PNG\r\n\x1a\n",
)


@dataclass(frozen=True)
class Patch:
    frame: int
    x: int
    y: int
    scale: float  # 1.0: a same-size crop; 0.5: the patch as it looks in a half-size thumbnail
    pixels: np.ndarray


class PixelProbe:
    def __init__(self, frames: list[np.ndarray], per_frame: int = 12, seed: int = 0) -> None:
        self.frames = frames
        rng = np.random.default_rng(seed)
        self.patches: list[Patch] = []
        self.byte_runs: list[bytes] = []
        for index, frame in enumerate(frames):
            height, width = frame.shape[:2]
            found = 0
            while found < per_frame:
                scale = 1.0 if found % 2 == 0 else 0.5
                size = int(PATCH / scale)
                x = int(rng.integers(0, width - size))
                y = int(rng.integers(0, height - size))
                region = frame[y : y + size, x : x + size]
                if region.std() < 25:  # flat patches match anything; keep textured ones
                    continue
                pixels = (
                    region
                    if scale == 1.0
                    else cv2.resize(region, (PATCH, PATCH), interpolation=cv2.INTER_AREA)
                )
                self.patches.append(Patch(index, x, y, scale, np.ascontiguousarray(pixels)))
                row = frame[y + size // 2, x : x + 16].tobytes()  # 48 raw BGR bytes
                self.byte_runs.append(row)
                found += 1

    def image_hits(self, image: np.ndarray) -> list[Patch]:
        """The patches that occur in ``image`` (colour, any size at least 32x32)."""
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        image = image[:, :, :3]
        if image.shape[0] < PATCH or image.shape[1] < PATCH:
            return []
        hits = []
        for patch in self.patches:
            sqdiff = cv2.matchTemplate(
                image.astype(np.float32), patch.pixels.astype(np.float32), cv2.TM_SQDIFF
            )
            if float(np.sqrt(sqdiff.min() / patch.pixels.size)) <= MAX_RMS:
                hits.append(patch)
        return hits

    def byte_hits(self, data: bytes) -> int:
        """How many raw BGR byte runs of the frames occur in ``data``."""
        return sum(1 for run in self.byte_runs if run in data)


def read_image(path: Path) -> np.ndarray | None:
    data = np.frombuffer(path.read_bytes(), dtype=np.uint8)
    if data.size == 0:
        return None
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)


def camera_pixels_in(path: Path, probe: PixelProbe) -> str | None:
    """Why ``path`` holds camera pixels, or None: crops in images, raw runs in any bytes."""
    data = path.read_bytes()
    image = read_image(path) if path.suffix.lower() in (".png", ".jpg", ".jpeg") else None
    if image is not None:
        hits = probe.image_hits(image)
        if hits:
            first = hits[0]
            return (
                f"{len(hits)} source patches, e.g. frame {first.frame} at ({first.x}, {first.y}) "
                f"scale {first.scale}"
            )
    elif any(signature in data for signature in IMAGE_SIGNATURES):
        return "an embedded JPEG or PNG in a file that is not an image"
    runs = probe.byte_hits(data)
    if runs:
        return f"{runs} raw frame byte runs"
    return None
