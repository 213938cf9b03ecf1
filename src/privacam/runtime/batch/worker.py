"""What one worker does with one input: mask it, verify the output, quarantine the original.

The same function runs in-process, in a process-pool worker or in a Ray
actor; each builds its detectors once (ONNX Runtime and OpenCV on one
thread) and keeps them for every file it is given.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2

from privacam.cases.street.detection import StreetDetector
from privacam.cases.street.image_pipeline import anonymize_image, verify_image
from privacam.cases.street.job import Job
from privacam.errors import InputError, PrivacamError
from privacam.runtime.batch.inputs import InputIdentity, WorkItem

log = logging.getLogger(__name__)


@dataclass
class ItemResult:
    item: WorkItem
    output: Path | None = None  # relative to OUTDIR
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    verified: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


class Worker:
    """Holds one detector; ``process`` never raises for a bad input, it reports it."""

    def __init__(self, job: Job) -> None:
        cv2.setNumThreads(max(1, job.detector.threads))
        self.job = job
        self.factory = job.detector_factory or StreetDetector
        self._detector: Any | None = None
        self._video_detectors: list[Any] | None = None
        self.quarantine = job.quarantine

    @property
    def detector(self) -> Any:
        """The images' detector, built on first use: a lone video with spare cores uses
        single-thread copies instead, and loading this one too cost 0.1 s."""
        if self._detector is None:
            self._detector = self.factory(self.job.detector)
        return self._detector

    def video_detectors(self) -> list[Any]:
        """With spare cores (job.detector.threads > 1), one single-thread detector per core:
        frames detected concurrently scale better than one detector's intra-op threads."""
        if self._video_detectors is None:
            threads = self.job.detector.threads
            if threads <= 1:
                self._video_detectors = [self.detector]
            else:
                single = replace(self.job.detector, threads=1)
                self._video_detectors = [self.factory(single) for _ in range(threads)]
        return self._video_detectors

    def process(self, item: WorkItem) -> ItemResult:
        relative = item.output
        result = ItemResult(item, relative)
        target = self.job.outdir / relative
        settings = self.job.settings
        first = self.detector if item.kind == "image" else self.video_detectors()[0]
        models = dict(getattr(first, "models", {}))
        if self.job.model_digests and models != self.job.model_digests:
            # a Ray node with other model files would break the manifest's promise
            result.error = f"this worker's models {models} differ from the batch's"
            return result
        try:
            # The digest ties the output to these very bytes: resuming and deleting the
            # original both require the file to still have it.
            identity = InputIdentity.read(item.source)
            if item.kind == "image":
                fields = anonymize_image(
                    item.source, target, self.detector, self.job.style, settings.gps_decimals
                )
                verified = verify_image(target, fields["width"], fields["height"])
            else:
                # PyAV and the tracker load for the first video only (0.4 s a batch of
                # images never pays)
                from privacam.cases.street.video_pipeline import anonymize_video, count_frames

                fields = anonymize_video(
                    item.source,
                    target,
                    self.video_detectors(),
                    self.job.style,
                    gps_decimals=settings.gps_decimals,
                    keep_audio=settings.keep_audio,
                    lookahead_seconds=self.job.lookahead_seconds,
                    lost_seconds=self.job.lost_seconds,
                )
                verified = count_frames(target) == fields["frames"]
            if not identity.same_stat(item.source):
                raise InputError(
                    "処理中に入力が変更されました。書き込みが終わってから再実行してください / "
                    "the input changed while it was processed; run again once it is complete"
                )
            if self.quarantine is not None:
                began = time.perf_counter()
                entry = self.quarantine.put(item.source, item.relative.as_posix())
                fields["quarantine"] = {
                    "entry": entry.path.name,
                    "expires": entry.expires.isoformat(),
                    "seconds": round(time.perf_counter() - began, 3),
                }
            fields.update(identity.to_manifest())
            result.fields, result.verified = fields, verified
            if not verified:
                result.error = "output failed verification (size or frame count differs)"
        except PrivacamError as error:
            result.error = str(error)
        except Exception as error:  # a library bug on one file must not stop the batch
            log.debug("%s", traceback.format_exc())
            result.error = f"{type(error).__name__}: {error}"
        if result.error is not None:
            (self.job.outdir / relative).unlink(missing_ok=True)
        return result


_worker: Worker | None = None


def init_process(job: Job) -> None:
    """Process-pool initializer: one detector per worker process."""
    global _worker
    _worker = Worker(job)


def process_in_pool(item: WorkItem) -> ItemResult:
    assert _worker is not None, "init_process was not run in this worker"
    return _worker.process(item)
