"""One video: decode with PyAV, detect, carry masks over time, re-encode H.264 with the same PTS.

PyAV bundles FFmpeg, so audio can be carried (OpenCV's writer cannot): it is
copied packet for packet only when the deployment sets ``keep_audio``.
Every decoded frame is encoded once, with its original presentation
timestamp, in the input stream's time base and at its average rate: frame
count, fps and timing are kept. Container and stream metadata (creation
time, GPS ``location``, device tags) are not copied; the capture time and the
coarsened place go to the manifest. Frames wait in the carry-over's bounded
look-ahead buffer, so memory does not grow with the video's length.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import re
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from privacam.cases.street.carryover import CarryOver
from privacam.cases.street.detection import StreetDetector
from privacam.cases.street.masking import apply_masks
from privacam.cases.street.metadata import round_coordinate
from privacam.errors import InputError
from privacam.files import partial_path
from privacam.vision.redaction import RedactionStyle
from privacam.vision.sources import check_frame_size
from privacam.vision.types import PLATE_CLASS_ID, Detections

log = logging.getLogger(__name__)

#: Containers that hold H.264; other inputs (.webm, .ogv…) are written as .mp4.
H264_CONTAINERS = frozenset(
    {".mp4", ".m4v", ".mov", ".mkv", ".avi", ".ts", ".m2ts", ".mts", ".3gp"}
)
_ISO6709 = re.compile(r"([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")
_QA_SAMPLES = 12
#: x264 at CRF 18 (quality-targeted), preset superfast on one thread. Measured on the 71
#: TUD-Campus frames (640x480): 3.9 ms of CPU a frame against veryfast's 7.2 with its own
#: threads (those only contend with the detectors, which already fill the cores); PSNR
#: against the frames 37.3 dB against 37.2, the file 1.4x larger (648 against 472 kB).
ENCODER_OPTIONS = {"crf": "18", "preset": "superfast", "threads": "1"}


def output_name(relative: Path) -> Path:
    return relative if relative.suffix.lower() in H264_CONTAINERS else relative.with_suffix(".mp4")


def _capture(container: Any, gps_decimals: int | None) -> dict[str, Any]:
    tags = {k.lower(): v for k, v in (container.metadata or {}).items()}
    place = None
    location = tags.get("location") or tags.get("com.apple.quicktime.location.iso6709")
    if location and gps_decimals is not None:
        match = _ISO6709.match(location)
        if match:
            place = {
                "latitude": round_coordinate(float(match.group(1)), gps_decimals),
                "longitude": round_coordinate(float(match.group(2)), gps_decimals),
            }
    return {"time": tags.get("creation_time"), "place": place}


def _open(source: Path) -> Any:
    if source.stat().st_size == 0:
        raise InputError(f"video {source} is empty (0 bytes)")
    try:
        container = av.open(str(source))
    except (av.FFmpegError, UnicodeDecodeError) as error:
        raise InputError(f"cannot open video {source}: {error}") from None
    if not container.streams.video:
        container.close()
        raise InputError(f"{source} has no video stream")
    if container.streams.video[0].codec_context is None:  # a damaged header: no codec known
        container.close()
        raise InputError(
            f"動画 {source} の映像コーデックを認識できません（ファイルの破損）/ cannot decode video "
            f"{source}: its video codec is unknown (a damaged file?)"
        )
    video = container.streams.video[0].codec_context
    try:  # the declared size, before a frame is decoded
        check_frame_size(video.width, video.height, source)
    except InputError:
        container.close()
        raise
    return container


def anonymize_video(
    source: Path,
    target: Path,
    detector: StreetDetector | Sequence[StreetDetector],
    style: RedactionStyle,
    *,
    gps_decimals: int | None,
    keep_audio: bool,
    lookahead_seconds: float,
    lost_seconds: float,
) -> dict[str, Any]:
    """Mask ``source`` into ``target`` (H.264); return the manifest fields of this file.

    Several detectors (one per spare core, each on one thread) detect frames
    concurrently; results are used in frame order, so the output is the same.
    """
    start = time.perf_counter()
    detectors = list(detector) if isinstance(detector, Sequence) else [detector]
    inp = _open(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = partial_path(target)
    try:
        vin = inp.streams.video[0]
        ain = inp.streams.audio[0] if keep_audio and inp.streams.audio else None
        out = av.open(str(temporary), "w", format=_format_for(target))
        frames = _FrameDetector(detectors)
        masking = None
        try:
            vout = _video_output(out, vin)
            aout = out.add_stream_from_template(ain) if ain is not None else None
            carry = _carry_over(_rate(vin), lookahead_seconds, lost_seconds)
            masking = _MaskingWriter(_Encoder(out, vout, _time_base(vin)), carry, frames, style)
            cut = _transcode(inp, source, vin, (ain, aout), masking)
            masking.finish()
        finally:
            frames.close()
            if masking is not None:
                masking.encoder.stop()  # a decode error must not leave the thread waiting
            out.close()
        if masking.frames == 0:
            raise InputError(f"video {source} holds no decodable frame")
        truncated = cut or _ends_early(inp, vin, masking)
        capture = _capture(inp, gps_decimals)
        os.replace(temporary, target)
    finally:
        inp.close()
        temporary.unlink(missing_ok=True)
    if truncated:
        log.info("%s is truncated: %d frames decoded", source, masking.frames)
    timings = {
        "detect": round(sum(frames.seconds), 3),
        "total": round(time.perf_counter() - start, 3),
    }
    return _video_fields(
        vin, vout, masking, audio_kept=ain is not None, truncated=truncated, capture=capture
    ) | {"timings_s": timings}


def _carry_over(
    rate: Fraction, lookahead_seconds: float, lost_seconds: float
) -> CarryOver[tuple[np.ndarray, int]]:
    fps = float(rate)
    return CarryOver(
        lookahead=max(0, math.ceil(lookahead_seconds * fps)),
        lost_frames=max(1, math.ceil(lost_seconds * fps)),
    )


def _ends_early(inp: Any, vin: Any, masking: _MaskingWriter) -> bool:
    """Whether the header promises more than a frame beyond the last one decoded."""
    declared = _declared_end(inp, vin, masking.time_base)
    one_frame = 1 / float(_rate(vin))
    decoded_end = float(masking.last_pts * masking.time_base) + one_frame
    return declared is not None and declared - decoded_end > one_frame + 0.01


def _video_output(out: Any, vin: Any) -> Any:
    """The H.264 stream: the input's size, time base and average rate."""
    vin.thread_type = "AUTO"  # decode on several threads
    vout = out.add_stream("libx264", rate=_rate(vin))
    vout.width = vin.codec_context.width
    vout.height = vin.codec_context.height
    vout.pix_fmt = "yuv420p"
    vout.time_base = vout.codec_context.time_base = _time_base(vin)
    vout.options = ENCODER_OPTIONS
    return vout


def _rate(vin: Any) -> Fraction:
    return vin.average_rate or vin.guessed_rate or Fraction(25)


def _time_base(vin: Any) -> Fraction:
    return vin.time_base or Fraction(1, 90000)


class _MaskingWriter:
    """Decoded frames in, masked frames out to the encoder, in order and with their PTS.

    Each frame is detected (:class:`_FrameDetector`), held in the carry-over's
    look-ahead (masks before first appearance), masked and encoded; counts and a few
    QA samples are kept for the manifest.
    """

    def __init__(
        self,
        encoder: _Encoder,
        carry: CarryOver[tuple[np.ndarray, int]],
        detector: _FrameDetector,
        style: RedactionStyle,
    ) -> None:
        self.encoder, self.time_base = encoder, encoder.time_base
        self.carry, self.detector, self.style = carry, detector, style
        self.frames = self.faces = self.plates = 0
        self.last_pts = -1
        self.samples: list[dict[str, Any]] = []

    def take(self, decoded: Any) -> None:
        pts = decoded.pts if decoded.pts is not None else self.last_pts + 1
        pts = max(pts, self.last_pts + 1)  # the encoder needs strictly increasing PTS
        self.last_pts = pts
        image = decoded.to_ndarray(format="bgr24")
        self._push(self.detector.submit((image, pts, self.frames)))
        self.frames += 1

    def finish(self) -> None:
        """Mask and encode what still waits (detections, look-ahead), then the encoder's end."""
        self._push(self.detector.drain())
        self._write(self.carry.flush())
        self.encoder.finish()

    def _push(self, ready: list[tuple[Any, Detections]]) -> None:
        for (image, pts, index), found in ready:
            self._write(self.carry.push((image, pts), found, index, float(pts * self.time_base)))

    def _write(self, released: list[tuple[tuple[np.ndarray, int], Detections]]) -> None:
        for (image, pts), masks in released:
            apply_masks(image, masks, self.style, inplace=True)
            is_plate = masks.class_ids == PLATE_CLASS_ID
            self.plates += int(is_plate.sum())
            self.faces += int((~is_plate).sum())
            if len(masks) and len(self.samples) < _QA_SAMPLES:
                self.samples.append(
                    {"pts": pts, "xyxy": [round(float(v), 1) for v in masks.xyxy[0]]}
                )
            self.encoder.put((image, pts))


def _transcode(
    inp: Any, source: Path, vin: Any, audio: tuple[Any, Any], masking: _MaskingWriter
) -> bool:
    """Every video packet through ``masking``, audio copied when kept; True if the file is cut."""
    ain, aout = audio
    streams = [vin] + ([ain] if ain is not None else [])
    size = source.stat().st_size
    cut = False
    for packet in _packets(inp, streams):
        if packet is None:  # the file ends inside its data: keep what decoded
            cut = True
            break
        if packet.stream is ain:
            if packet.dts is not None and aout is not None:
                packet.stream = aout
                masking.encoder.put(packet)
            continue
        if _cut_at(packet, size):
            # sending the incomplete last packet would lose the frames the
            # decoder still holds; flushing instead keeps them
            cut = True
            break
        for decoded in _decode(packet, source, masking.frames):
            masking.take(decoded)
    if cut:
        for decoded in _flush(vin):  # frames the decoder still holds
            masking.take(decoded)
    return cut


def _video_fields(
    vin: Any,
    vout: Any,
    masking: _MaskingWriter,
    *,
    audio_kept: bool,
    truncated: bool,
    capture: dict[str, Any],
) -> dict[str, Any]:
    tracks = masking.carry.tracks_seen
    return {
        "kind": "video",
        "width": int(vout.width),
        "height": int(vout.height),
        "frames": masking.frames,
        "fps": float(_rate(vin)),
        "time_base": str(masking.time_base),
        "audio": "kept" if audio_kept else "dropped",
        "truncated": truncated,
        "declared_frames": int(vin.frames) or None,
        "masked": {
            "faces": sum(1 for c in tracks.values() if c != PLATE_CLASS_ID),
            "plates": sum(1 for c in tracks.values() if c == PLATE_CLASS_ID),
            "face_masks_drawn": masking.faces,
            "plate_masks_drawn": masking.plates,
        },
        "qa_samples": masking.samples,
        "capture": capture,
        "metadata_stripped": ["container_tags", "stream_tags"],
    }


class _FrameDetector:
    """Detect frames on one thread per detector (ONNX Runtime and OpenCV release the GIL).

    ``submit`` returns the frames whose detections are ready, oldest first; at most
    two per detector wait, so memory stays bounded.
    """

    def __init__(self, detectors: list[Any]) -> None:
        self.detectors = detectors
        self.pool = ThreadPoolExecutor(len(detectors)) if len(detectors) > 1 else None
        self.free: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for d in detectors:
            self.free.put(d)
        self.pending: deque[tuple[Any, Future[Detections]]] = deque()
        self.seconds: list[float] = []

    def _detect(self, image: np.ndarray) -> Detections:
        detector = self.free.get()
        began = time.perf_counter()
        try:
            return detector.detect(image)
        finally:
            self.seconds.append(time.perf_counter() - began)
            self.free.put(detector)

    def submit(self, item: tuple[np.ndarray, int, int]) -> list[tuple[Any, Detections]]:
        if self.pool is None:
            return [(item, self._detect(item[0]))]
        self.pending.append((item, self.pool.submit(self._detect, item[0])))
        ready = []
        while self.pending and (
            len(self.pending) > 2 * len(self.detectors) or self.pending[0][1].done()
        ):
            done, future = self.pending.popleft()
            ready.append((done, future.result()))
        return ready

    def drain(self) -> list[tuple[Any, Detections]]:
        ready = [(item, future.result()) for item, future in self.pending]
        self.pending.clear()
        return ready

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


class _Encoder:
    """Encodes and muxes on its own thread, so H.264 encoding overlaps detection.

    Every write to the output container (video frames and copied audio packets)
    goes through this one thread, in order; the queue is bounded, so memory is too.
    """

    def __init__(self, out: Any, stream: Any, time_base: Fraction, depth: int = 8) -> None:
        self.out, self.stream, self.time_base = out, stream, time_base
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="privacam-encode", daemon=True)
        self.thread.start()

    def put(self, item: Any) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(item)

    def finish(self) -> None:
        self.stop()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """End the thread (idempotent): after the last frame, or when decoding failed."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain, so the producer never blocks on a dead consumer
            try:
                if isinstance(item, av.Packet):
                    self.out.mux(item)
                    continue
                image, pts = item
                frame = av.VideoFrame.from_ndarray(image, format="bgr24")
                frame.pts, frame.time_base = pts, self.time_base
                for packet in self.stream.encode(frame):
                    self.out.mux(packet)
            except BaseException as error:
                self.error = error
        if self.error is None:
            try:
                for packet in self.stream.encode():
                    self.out.mux(packet)
            except BaseException as error:
                self.error = error


def _packets(container: Any, streams: list[Any]) -> Iterator[Any]:
    """The container's packets, then None if demuxing broke off before the end (a cut file)."""
    iterator = container.demux(*streams)
    while True:
        try:
            packet = next(iterator)
        except StopIteration:
            return
        except (av.FFmpegError, EOFError):
            yield None
            return
        yield packet


def _cut_at(packet: Any, file_size: int) -> bool:
    """Whether this packet is damaged and its bytes run to the end of the file: a cut file."""
    pos = packet.pos if packet.pos is not None else -1
    return bool(packet.is_corrupt) and pos >= 0 and pos + packet.size >= file_size


def _decode(packet: Any, source: Path, index: int) -> list[Any]:
    try:
        return list(packet.decode())
    except av.FFmpegError as error:
        raise InputError(f"cannot decode frame {index} of {source}: {error}") from None


def _flush(stream: Any) -> list[Any]:
    try:
        return list(stream.decode(None))
    except av.FFmpegError:
        return []


def _declared_end(container: Any, stream: Any, time_base: Fraction) -> float | None:
    """When the header says the video ends (seconds), if it says: a later end means a cut."""
    if stream.duration:
        start = stream.start_time or 0
        return float((start + stream.duration) * time_base)
    if container.duration and len(container.streams) == 1:  # Matroska keeps it here
        start = container.start_time or 0
        return (start + container.duration) / av.time_base
    return None


def _format_for(target: Path) -> str | None:
    return {
        ".mkv": "matroska",
        ".ts": "mpegts",
        ".m2ts": "mpegts",
        ".mts": "mpegts",
        ".m4v": "mp4",
    }.get(target.suffix.lower(), target.suffix.lower().lstrip("."))


def count_frames(path: Path) -> int | None:
    """Frames in a video, by decoding it (so a truncated output is caught); None if unreadable."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            return sum(1 for _ in container.decode(stream))
    except (av.FFmpegError, IndexError, OSError):
        return None


def probe(path: Path) -> dict[str, Any]:
    """Frame count, average rate and PTS of a video (tests and verification)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        pts = [frame.pts for frame in container.decode(stream)]
        return {
            "frames": len(pts),
            "fps": float(stream.average_rate) if stream.average_rate else None,
            "pts_seconds": [float(p * stream.time_base) for p in pts],
        }
