"""One pixel limit for every decoded frame, checked on the header before any pixel is decoded.

A compressed file can declare a frame far larger than itself: a 109 KB PNG of
30000 x 30000 decodes to 2.7 GB of BGR pixels (5.4 GB at peak), and a 100000²
header makes OpenCV fail with a traceback. Every source (image folder, video
file, stream, webcam) and ``privacam anonymize`` check the size a header
declares against :func:`max_pixels` and refuse with one line instead.

The default, 100 megapixels, is above every camera privacam serves (8K video
is 33 MP, a 12K x 6K street-imagery panorama 72 MP, a 48 or 50 MP phone photo
at full resolution) and keeps one decoded frame at 300 MB of BGR, so that a
worker per core still fits in memory. ``PRIVACAM_MAX_PIXELS`` (or ``privacam
--max-pixels``) raises or lowers it.

>>> check_frame_size(7680, 4320, "8k.mp4", limit=DEFAULT_MAX_PIXELS)
>>> check_frame_size(30000, 30000, "bomb.png", limit=DEFAULT_MAX_PIXELS)
Traceback (most recent call last):
...
privacam.vision.sources.limits.FrameTooLargeError: bomb.png は 30000×30000（900.0 MP）で上限 100.0 MP を超えます。...
"""

from __future__ import annotations

import os
from pathlib import Path

import imagesize
from PIL import Image

from privacam.errors import InputError

#: The environment variable that sets the limit, in pixels per frame (width x height).
MAX_PIXELS_ENV = "PRIVACAM_MAX_PIXELS"
DEFAULT_MAX_PIXELS = 100_000_000


class FrameTooLargeError(InputError):
    """A frame above the pixel limit. Unlike a corrupt frame, a folder source never skips it:
    the limit is the user's setting, and dropping every frame above it would hide that."""


def max_pixels() -> int:
    """The largest frame (width x height) a source may decode: ``PRIVACAM_MAX_PIXELS`` or 100 MP."""
    raw = os.environ.get(MAX_PIXELS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_PIXELS
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(
            f"{MAX_PIXELS_ENV} は正の整数（画素数）で指定してください（値: {raw!r}） / "
            f"{MAX_PIXELS_ENV} must be a positive whole number of pixels, got {raw!r}"
        )
    return value


def _amount(pixels: int) -> str:
    return f"{pixels / 1e6:.1f} MP" if pixels >= 100_000 else f"{pixels} px"


def check_frame_size(
    width: int, height: int, what: str | Path, *, limit: int | None = None
) -> None:
    """Raise ``FrameTooLargeError`` when a ``width`` x ``height`` frame of ``what`` exceeds the limit.

    Unknown sizes (0 or negative, as some headers and live captures report
    before their first frame) pass: the decoder's own checks apply to them.
    """
    limit = max_pixels() if limit is None else limit
    if width <= 0 or height <= 0 or width * height <= limit:
        return
    size, amount, cap = f"{width}×{height}", _amount(width * height), _amount(limit)
    raise FrameTooLargeError(
        f"{what} は {size}（{amount}）で上限 {cap} を超えます。縮小するか、"
        f"{MAX_PIXELS_ENV}（privacam --max-pixels）で上限を変えてください / "
        f"{what} is {size} ({amount}), above the {cap} limit: downscale it, or change "
        f"the limit with {MAX_PIXELS_ENV} (privacam --max-pixels)"
    )


def check_image_header(path: Path) -> None:
    """Refuse an image whose header declares more pixels than the limit, reading only the header.

    Pillow, which ``anonymize`` decodes with, has a guard of its own that
    warns above ``Image.MAX_IMAGE_PIXELS``; it is raised to this limit so that
    an image accepted here is decoded without a second, different verdict.
    """
    limit = max_pixels()
    try:
        width, height = imagesize.get(path)
    except (OSError, ValueError):
        return  # unreadable or unknown header: the decoder reports it
    check_frame_size(width, height, path, limit=limit)
    if Image.MAX_IMAGE_PIXELS is not None and limit > Image.MAX_IMAGE_PIXELS:
        Image.MAX_IMAGE_PIXELS = limit
