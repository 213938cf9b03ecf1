"""Keep OpenCV's and FFmpeg's own capture warnings off the terminal.

When a capture cannot open or read, OpenCV prints ``[ WARN:0@0.01] global cap.cpp…``
and its FFmpeg prints ``[mov,mp4… @ 0x…] moov atom not found`` straight to stderr,
past Python's logging. The sources turn every such failure into one clear line of
their own (an ``InputError``), so these lines only repeat it in a less helpful form,
or warn about a probe that then succeeded. Someone debugging a capture can see them
again by setting ``OPENCV_LOG_LEVEL`` or ``OPENCV_FFMPEG_LOGLEVEL`` themselves.
"""

from __future__ import annotations

import os

import cv2

#: FFmpeg's AV_LOG_QUIET; OpenCV reads this variable when it first opens a capture.
_FFMPEG_QUIET = "-8"


def quiet_opencv_capture_logs() -> None:
    """Silence OpenCV's warnings and its FFmpeg's messages, unless the user chose a level."""
    if "OPENCV_LOG_LEVEL" not in os.environ:
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", _FFMPEG_QUIET)
