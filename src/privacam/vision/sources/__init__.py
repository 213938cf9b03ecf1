"""Frame sources: video files, image folders and sequences, network streams, webcams.

Open any of them with :func:`open_source` and iterate :class:`~privacam.vision.types.Frame`
objects; decoding runs in a background thread by default, and ``with`` closes it:

>>> from privacam.vision.sources import open_source
>>> with open_source("frames/%06d.jpg", fps=25, target_fps=5) as source:  # doctest: +SKIP
...     print(source.info.width, source.info.height, source.info.frame_count)
...     for frame in source:
...         detections = detector(frame)

Frames never touch disk: sources only read. Every source refuses a frame larger than
:func:`max_pixels` (``PRIVACAM_MAX_PIXELS``) before decoding it.
"""

from privacam.vision.opencv_logs import quiet_opencv_capture_logs
from privacam.vision.sources.base import DecodingSource, Source, SourceInfo, SourceKind
from privacam.vision.sources.factory import open_source
from privacam.vision.sources.image_folder import IMAGE_EXTENSIONS, ImageFolderSource, list_images
from privacam.vision.sources.limits import (
    DEFAULT_MAX_PIXELS,
    MAX_PIXELS_ENV,
    check_frame_size,
    check_image_header,
    max_pixels,
)
from privacam.vision.sources.live import LiveCaptureSource, ReconnectPolicy
from privacam.vision.sources.recording import recording_digest
from privacam.vision.sources.sampling import FrameRateSampler
from privacam.vision.sources.stream import StreamSource, redact_url
from privacam.vision.sources.threaded import ThreadedSource
from privacam.vision.sources.video_file import VIDEO_EXTENSIONS, VideoFileSource
from privacam.vision.sources.webcam import WebcamSource

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "IMAGE_EXTENSIONS",
    "MAX_PIXELS_ENV",
    "VIDEO_EXTENSIONS",
    "DecodingSource",
    "FrameRateSampler",
    "ImageFolderSource",
    "LiveCaptureSource",
    "ReconnectPolicy",
    "Source",
    "SourceInfo",
    "SourceKind",
    "StreamSource",
    "ThreadedSource",
    "VideoFileSource",
    "WebcamSource",
    "check_frame_size",
    "check_image_header",
    "list_images",
    "max_pixels",
    "open_source",
    "recording_digest",
    "redact_url",
]

# Before any capture opens: the sources report capture failures in their own words.
quiet_opencv_capture_logs()
