"""What every frame source offers: metadata, single-pass iteration, prompt closing.

A :class:`Source` yields :class:`~privacam.vision.types.Frame` objects in order
and is closed with :meth:`Source.close` or a ``with`` block. Implementations
derive from :class:`DecodingSource`, which handles sampling, the stop flag and
releasing the decoder in the thread that used it.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol, Self, runtime_checkable

from privacam.vision.sources.sampling import FrameRateSampler
from privacam.vision.types import Frame

SourceKind = Literal["file", "folder", "stream", "webcam"]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Metadata known once a source is open.

    ``uri`` is safe to log (credentials redacted). ``fps`` is the nominal rate
    (the container's, the one given for a folder, or ``None`` when unknown);
    ``target_fps`` is the sampling rate asked for, if any. ``frame_count`` is
    the number of frames before sampling, when the container knows it.
    """

    uri: str
    kind: SourceKind
    width: int
    height: int
    fps: float | None
    frame_count: int | None
    is_live: bool
    target_fps: float | None = None
    #: The files a recorded source reads, in frame order (none for a live source): what
    #: :func:`~privacam.vision.sources.recording.recording_digest` fingerprints.
    files: tuple[Path, ...] = ()

    @property
    def output_fps(self) -> float | None:
        """The rate frames come out at: the nominal rate, capped by sampling."""
        if self.fps is None:
            return self.target_fps
        if self.target_fps is None:
            return self.fps
        return min(self.fps, self.target_fps)


@runtime_checkable
class Source(Protocol):
    """An open frame source: iterate it once for frames, then close it (or use ``with``)."""

    info: SourceInfo

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...

    def request_stop(self) -> None:
        """Ask the source to stop soon; safe from any thread, releases nothing itself."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ClosesOnExit:
    """``with`` support for a source: leaving the block calls its ``close()``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class DecodingSource(ClosesOnExit, ABC):
    """Base of the sources that decode frames in the thread that iterates them.

    Subclasses open their input in ``__init__`` (raising ``InputError`` with one
    clear line when it cannot be read), implement :meth:`_frames`, which must
    call ``self._sampler.keep(timestamp)`` before decoding each frame and stop
    when ``self._stop`` is set, and :meth:`_release`, which must be idempotent.
    """

    def __init__(self, info: SourceInfo, *, source_id: str = "0") -> None:
        self.info = info
        self.source_id = source_id
        self._sampler = FrameRateSampler(info.target_fps)
        self._stop = threading.Event()
        self._generator: Generator[Frame, None, None] | None = None

    @abstractmethod
    def _frames(self) -> Iterator[Frame]: ...

    @abstractmethod
    def _release(self) -> None: ...

    def __iter__(self) -> Iterator[Frame]:
        if self._generator is not None:
            raise RuntimeError(f"{self.info.uri} was already iterated: open the source again")
        self._generator = self._run()
        return self._generator

    def _run(self) -> Generator[Frame, None, None]:
        try:
            if not self._stop.is_set():
                yield from self._frames()
        finally:
            self._release()

    def request_stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        """Stop and release the decoder; call it from the thread that iterates."""
        self._stop.set()
        if self._generator is None:
            self._release()
            return
        try:
            self._generator.close()
        except ValueError:
            # Running in another thread: it sees the stop flag and releases on exit.
            return
        self._release()
