"""What a case declares: the one shape every case entry of :mod:`privacam.cases.registry` has.

Like datasette's ``hookspecs.py``, every extension point of a case is named here, in
one place; a case module fills them in (:mod:`privacam.cases.entries`) and the runtime
and the CLI read nothing else. A stream case (``privacam run``) gives an analyser
factory, a detector plan and its window; a batch case (``privacam anonymize``) gives
none of them: it masks files, it does not analyse a stream.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from privacam.cases.base import CaseAnalyzer, CaseOutputs
from privacam.cases.detection import DetectorPlan
from privacam.cases.gallery import VisitorGallery
from privacam.policy.spec import Camera, Case, Deployment
from privacam.records import Record

Settings = TypeVar("Settings", bound=BaseModel)


class RunsAs(enum.StrEnum):
    """How a case's data goes through privacam."""

    #: ``privacam run``: frames → detector (→ tracker) → analyser → records, per window.
    stream = "stream"
    #: ``privacam anonymize``: files in, masked files out; no records.
    batch = "batch"


@dataclass(frozen=True)
class CameraContext:
    """What an analyser factory gets for one camera, besides the case's settings."""

    spec: Deployment
    camera: Camera
    outputs: CaseOutputs
    #: Resolves a relative ``site.floor_plan`` (the deployment file's folder).
    base_dir: Path | None
    #: The case's window (:attr:`CaseEntry.window` of its settings).
    window: timedelta
    zone: ZoneInfo
    #: Case ③'s view of the encrypted vault, which the runtime opens; ``None`` elsewhere.
    gallery: VisitorGallery | None = None


@dataclass(frozen=True)
class CaseEntry(Generic[Settings]):
    """One case, declared once: everything the runtime and the CLI need to know about it."""

    case: Case
    #: Its ``case_settings.<case>`` model; defaults apply when the file gives none.
    settings: type[Settings]
    runs_as: RunsAs
    #: The record kinds it emits, the main one (what the demo exports) first.
    record_kinds: tuple[type[Record], ...] = ()
    #: Builds the analyser of one camera (stream cases).
    analyzer: Callable[[CameraContext, Settings], CaseAnalyzer] | None = None
    #: The detector (and tracker) it wants (stream cases).
    detector_plan: Callable[[Settings], DetectorPlan] | None = None
    #: The length of its time window (stream cases).
    window: Callable[[Settings], timedelta] | None = None

    def settings_of(self, spec: Deployment) -> Settings:
        """The deployment's settings of this case, or the model's defaults."""
        given = getattr(spec.case_settings, self.case.value, None)
        return given if given is not None else self.settings()
