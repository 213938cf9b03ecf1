"""One anonymisation job's settings, as a picklable value every worker (process or Ray) gets.

The fingerprint decides resumability: an output is finished only if its
manifest carries the same fingerprint, which changes with the deployment
file's hash, any model digest, the thresholds or the masking style.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from privacam.cases.street.detection import DetectorConfig
from privacam.policy.spec import StreetSettings
from privacam.vision.redaction import RedactionStyle

MANIFEST_DIR = "_privacam"


class QuarantinedOriginal(Protocol):
    """What the manifest records of a kept original: its file and when it expires."""

    @property
    def path(self) -> Path: ...

    @property
    def expires(self) -> datetime: ...


@runtime_checkable
class OriginalsSink(Protocol):
    """Where unmasked originals go, encrypted and time-limited (the quarantine).

    The case says what it needs; the store provides it
    (:class:`privacam.store.quarantine.Quarantine`), and the runtime passes it in:
    cases never import the store. It is pickled to every worker.
    """

    directory: Path
    retention: timedelta

    @property
    def master_key(self) -> bytes:
        """The key the originals are encrypted under; reading it fails early when it is
        missing or bad, before any work starts."""
        ...

    def put(self, source: Path, original_name: str) -> QuarantinedOriginal:
        """Keep an encrypted copy of ``source`` under ``original_name``."""
        ...


@dataclass(frozen=True)
class Job:
    outdir: Path
    settings: StreetSettings = field(default_factory=StreetSettings)
    detector: DetectorConfig = field(default_factory=DetectorConfig)
    deployment_sha256: str | None = None
    #: Where unmasked originals go, encrypted; None keeps no original.
    quarantine: OriginalsSink | None = None
    #: Seconds a video frame waits for later frames (masks before first appearance).
    lookahead_seconds: float = 0.3
    #: Seconds a lost face or plate stays masked at its predicted position.
    lost_seconds: float = 0.5
    #: Filled in by the batch once models are resolved (name -> sha256).
    model_digests: dict[str, str] = field(default_factory=dict)
    #: Builds the detector in each worker (default StreetDetector); it must have
    #: ``detect(image) -> Detections`` and ``models`` (name -> sha256). Tests pass stubs.
    detector_factory: Callable[[DetectorConfig], Any] | None = None

    @property
    def style(self) -> RedactionStyle:
        s = self.settings
        return RedactionStyle(method=s.method, shape=s.shape, margin=s.margin)

    def manifest_path(self, relative: Path) -> Path:
        return self.outdir / MANIFEST_DIR / "manifests" / f"{relative.as_posix()}.json"

    def fingerprint(self) -> str:
        data: dict[str, Any] = {
            "deployment_sha256": self.deployment_sha256,
            "models": dict(sorted(self.model_digests.items())),
            "detector": self.detector.thresholds(),
            "settings": self.settings.model_dump(mode="json"),
            "lookahead_seconds": self.lookahead_seconds,
            "lost_seconds": self.lost_seconds,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    def describe(self) -> dict[str, Any]:
        return {
            "deployment_sha256": self.deployment_sha256,
            "models": dict(sorted(self.model_digests.items())),
            "thresholds": self.detector.thresholds(),
            "redaction": asdict(self.style),
            "lookahead_seconds": self.lookahead_seconds,
            "lost_seconds": self.lost_seconds,
            "fingerprint": self.fingerprint(),
        }
