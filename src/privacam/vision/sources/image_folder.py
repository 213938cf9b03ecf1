"""Image folders and numbered sequences (``frames/%06d.jpg``), in natural order.

Folders carry no frame rate, so ``fps`` is required: a guessed rate would
silently skew every duration computed downstream (dwell times, speeds), which
is worse than one clear error. Timestamps are ``index / fps``.

>>> natural_key("img10.png") > natural_key("img9.png")
True
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.sources.base import DecodingSource, SourceInfo
from privacam.vision.sources.limits import (
    FrameTooLargeError,
    check_frame_size,
    check_image_header,
)
from privacam.vision.types import Frame

log = logging.getLogger(__name__)

#: Extensions read as images; other files (licences, ground truth) are ignored.
# fmt: off
IMAGE_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".jpe", ".png", ".bmp", ".dib", ".tif", ".tiff", ".webp",
    ".pgm", ".ppm", ".pbm", ".pnm", ".jp2",
})
# fmt: on

_DIGITS = re.compile(r"(\d+)")
_NUMBER_FIELD = re.compile(r"%(0?\d*)d")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders embedded numbers by value: ``2.png`` before ``10.png``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in _DIGITS.split(name)
        if part
    )


def is_sequence_pattern(spec: str | Path) -> bool:
    """Whether ``spec`` names a numbered sequence like ``frames/%06d.jpg``."""
    return _NUMBER_FIELD.search(Path(spec).name) is not None


def _pattern_regex(name: str) -> re.Pattern[str]:
    fields = _NUMBER_FIELD.findall(name)
    if len(fields) != 1:
        raise InputError(f"sequence pattern {name!r} must hold exactly one %d field")
    width = fields[0].lstrip("0")
    digits = rf"(\d{{{width},}})" if width else r"(\d+)"
    head, tail = _NUMBER_FIELD.split(name)[0], _NUMBER_FIELD.split(name)[-1]
    return re.compile(re.escape(head) + digits + re.escape(tail) + r"\Z")


def list_images(spec: str | Path) -> list[Path]:
    """The images a folder, numbered pattern or single image names, in frame order."""
    path = Path(spec)
    if is_sequence_pattern(path):
        folder = path.parent
        if not folder.is_dir():
            raise InputError(f"folder of sequence {path} not found; check the path")
        regex = _pattern_regex(path.name)
        numbered = []
        for candidate in folder.iterdir():
            match = regex.match(candidate.name)
            if match and candidate.is_file():
                numbered.append((int(match.group(1)), candidate))
        images = [p for _, p in sorted(numbered)]
        if not images:
            raise InputError(f"no images match {path}; check the pattern and the folder")
        return images
    if path.is_file():
        if path.suffix.lower() not in IMAGE_EXTENSIONS:
            raise InputError(f"{path} is not an image ({path.suffix or 'no extension'})")
        return [path]
    if not path.is_dir():
        raise InputError(f"image folder not found: {path}; check the path")
    images = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_EXTENSIONS]
    if not images:
        allowed = " ".join(sorted(IMAGE_EXTENSIONS))
        raise InputError(f"folder {path} holds no images ({allowed}); point to a frame folder")
    return sorted(images, key=lambda p: natural_key(p.name))


def read_image(path: Path) -> np.ndarray:
    """Decode one image as H x W x 3 BGR uint8, or raise ``InputError``.

    The header is checked against the pixel limit first, so a decompression
    bomb is refused before its pixels are allocated.
    """
    check_image_header(path)
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise InputError(f"cannot read image {path}: {exc.strerror or exc}") from exc
    try:
        image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    except cv2.error:  # e.g. above OpenCV's own pixel limit, in a header we could not read
        image = None
    if image is None:
        raise InputError(f"cannot decode image {path}: the file is corrupt; replace or remove it")
    check_frame_size(image.shape[1], image.shape[0], path)  # a header imagesize could not read
    return image


class ImageFolderSource(DecodingSource):
    """Frames from a folder of images, a numbered sequence or one image, at a given ``fps``.

    ``fps`` is required except for a single image, whose one frame has timestamp 0.
    """

    def __init__(
        self,
        spec: str | Path,
        *,
        fps: float | None,
        target_fps: float | None = None,
        source_id: str = "0",
    ) -> None:
        self._paths = list_images(spec)
        single_image = Path(spec).is_file()
        if fps is None and not single_image:
            raise InputError(
                f"{spec} is an image folder with no frame rate: pass fps (e.g. --fps 25)"
            )
        self._first_index, first = self._first_readable()
        self._first: np.ndarray | None = first
        info = SourceInfo(
            uri=str(spec),
            kind="folder",
            width=int(first.shape[1]),
            height=int(first.shape[0]),
            fps=fps,
            frame_count=len(self._paths),
            is_live=False,
            target_fps=target_fps,
            files=tuple(self._paths),
        )
        super().__init__(info, source_id=source_id)

    def _first_readable(self) -> tuple[int, np.ndarray]:
        """The first image that decodes (its size is the source's), skipping corrupt ones."""
        for index, path in enumerate(self._paths):
            try:
                return index, read_image(path)
            except FrameTooLargeError:
                raise
            except InputError as error:
                if len(self._paths) == 1:
                    raise
                _warn_skipped(error)
        raise InputError(
            f"none of the {len(self._paths)} images in {self._paths[0].parent} can be decoded; "
            "point to a folder of readable frames"
        )

    @property
    def paths(self) -> list[Path]:
        """The image files, in frame order."""
        return list(self._paths)

    def _frames(self) -> Iterator[Frame]:
        fps = self.info.fps or 1.0  # only a single image has no fps; its timestamp is 0
        skipped = 0
        for index, path in enumerate(self._paths):
            if self._stop.is_set():
                return
            timestamp = index / fps
            if not self._sampler.keep(timestamp):
                continue
            # One bad file among thousands of frames is left out, not fatal; the next frame
            # carries the count, so the time between reads as a gap, never as zeros.
            if index < self._first_index:
                skipped += 1  # found corrupt (and reported) when the source opened
                continue
            try:
                if index == self._first_index and self._first is not None:
                    image = self._first
                else:
                    image = read_image(path)
            except FrameTooLargeError:
                raise
            except InputError as error:
                _warn_skipped(error)
                skipped += 1
                continue
            self._first = None
            yield Frame(
                image=image,
                index=index,
                timestamp=timestamp,
                source_id=self.source_id,
                skipped_before=skipped,
            )
            skipped = 0

    def _release(self) -> None:
        self._first = None


def _warn_skipped(error: InputError) -> None:
    log.warning(
        "壊れた画像を読み飛ばしました（欠測として記録） / skipped a corrupt image: %s", error
    )
