"""The contract of the face stage: what models make of faces, and what a case is handed.

Faces arrive as :class:`~privacam.vision.types.Detections` with five landmarks each
(YuNet's order: right eye, left eye, nose tip, right mouth corner, left mouth corner,
in frame pixels). Each model aligns the face the way it was trained (dlib's 5-point
chip, ArcFace's 112×112 template...), so the interfaces take the frame and the faces,
not a crop: no caller has to know a model's alignment.

Embeddings are ``float32`` rows of unit length, so cosine similarity is a dot product
and a deployment's ``match_threshold`` is a minimum cosine similarity whatever the
model (for dlib's descriptor, Euclidean distance ``d`` on unit vectors is
``sqrt(2 - 2 * cos)``).

>>> import numpy as np
>>> AgeGender(age=31.5, female_probability=0.8).gender
'female'
>>> readings = FaceReadings.empty()
>>> len(readings), readings.passed.tolist()
(0, [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

from privacam.vision.types import Detections

Gender = Literal["female", "male"]
QualityVerdict = Literal["ok", "small", "pose", "blur"]


@dataclass(frozen=True, slots=True)
class AgeGender:
    """One face's estimate: expected age in years, and the probability it is female."""

    age: float
    female_probability: float

    @property
    def gender(self) -> Gender:
        return "female" if self.female_probability >= 0.5 else "male"


@dataclass(frozen=True, slots=True)
class FaceQuality:
    """Whether a face is good enough to read, and the measures that decided it.

    ``verdict`` is ``"ok"`` or the first gate that failed. ``size`` is the distance
    between the eyes in pixels, ``yaw`` an estimate from the landmarks in degrees
    (0 = frontal), ``sharpness`` the variance of the Laplacian of the grey face box
    (at 64×64), ``roll`` the eye line's tilt in degrees (see
    :mod:`privacam.vision.faces.quality`).
    """

    verdict: QualityVerdict
    size: float
    yaw: float
    sharpness: float
    roll: float = 0.0

    @property
    def passed(self) -> bool:
        return self.verdict == "ok"


class FaceEmbedder(Protocol):
    """A face descriptor: dlib's ResNet (default) or MobileFaceNet (tests only)."""

    #: The model registry's name of the weights (``privacam models list``).
    name: str
    dimension: int

    def embed(self, image: np.ndarray, faces: Detections) -> np.ndarray:
        """``(len(faces), dimension)`` float32, each row of unit length."""
        ...


class AgeGenderEstimator(Protocol):
    """Age and gender from a face: dlib's Cydral models (default) or InsightFace (tests only)."""

    name: str

    def estimate(self, image: np.ndarray, faces: Detections) -> list[AgeGender]:
        """One estimate per face, in the order of ``faces``."""
        ...


@dataclass(frozen=True, slots=True)
class FaceReadings:
    """What the face stage read from one frame, aligned with ``faces``; memory only.

    ``track_ids`` gives, per face, the person track whose upper box holds it (``-1``
    when none does). ``quality`` is known for every face; ``age_gender`` and
    ``embeddings`` are filled only for faces that passed the gates *and* were read in
    this frame (the stage reads a few faces per track, not every frame), ``None``
    elsewhere. No pixel and no crop is kept here.
    """

    faces: Detections
    track_ids: np.ndarray  # (N,) int
    quality: list[FaceQuality]
    age_gender: list[AgeGender | None] = field(default_factory=list)
    embeddings: list[np.ndarray | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.faces)

    @property
    def passed(self) -> np.ndarray:
        return np.array([q.passed for q in self.quality], dtype=bool)

    @classmethod
    def empty(cls) -> FaceReadings:
        return cls(Detections.empty(), np.zeros(0, dtype=int), [])
