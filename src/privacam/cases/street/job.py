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
from pathlib import Path
from typing import Any

from privacam.cases.street.detection import DetectorConfig
from privacam.policy.spec import StreetSettings
from privacam.vision.redaction import RedactionStyle

MANIFEST_DIR = "_privacam"


@dataclass(frozen=True)
class Job:
    outdir: Path
    settings: StreetSettings = field(default_factory=StreetSettings)
    detector: DetectorConfig = field(default_factory=DetectorConfig)
    deployment_sha256: str | None = None
    #: Where unmasked originals go, encrypted: an object with ``put(source, name)`` and
    #: ``directory`` (:class:`privacam.store.quarantine.Quarantine`, built by the CLI
    #: from the deployment: cases never import the store). None keeps no original.
    quarantine: Any | None = None
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
