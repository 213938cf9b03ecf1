"""What cases ① and ③ read from faces, as plain settings the runtime builds the face stage from.

A :class:`FacePlan` sits in a case's :class:`~privacam.cases.detection.DetectorPlan`
(``face_reading``): which models read the faces (age and gender for ①, face features
for ③, both for a ③ that also tallies attributes), where YuNet looks, and the stage's
gates and budget. :meth:`FacePlan.build` makes the
:class:`~privacam.vision.faces.reader.FaceReader` the vision pipeline runs after the
tracker; the models are loaded by name through the loaders of
:mod:`privacam.vision.faces`. :attr:`FacePlan.model_names` lists every registry file
they use (dlib's descriptor needs its 5-point predictor too), so that the run records
each one's digest.

>>> FacePlan(age_gender_model="cydral_age_gender").model_names
('yunet', 'cydral_age', 'cydral_gender', 'dlib_shape_5')
>>> FacePlan(age_gender_model="cydral_age_gender", embedder_model="dlib_resnet").model_names
('yunet', 'cydral_age', 'cydral_gender', 'dlib_shape_5', 'dlib_resnet')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from privacam.vision.detectors import YunetFaceDetector
from privacam.vision.faces import (
    AGE_GENDER_MODELS,
    DEFAULT_AGE_GENDER,
    DEFAULT_EMBEDDER,
    EMBEDDER_MODELS,
    load_age_gender,
    load_embedder,
)
from privacam.vision.faces.reader import FaceReader
from privacam.vision.faces.search import FacesNearHeads, WholeFrame
from privacam.vision.faces.stage import FaceStage, FaceStageSettings
from privacam.vision.faces.types import AgeGenderEstimator, FaceEmbedder
from privacam.vision.models import ResolvedModel

#: Loads a face model by name, looking in a models directory first (if given).
Loader = Callable[[str, str | os.PathLike[str] | None], object]


@dataclass(frozen=True)
class FacePlan:
    """The face stage a case wants: what it reads, with which models, where YuNet looks."""

    #: The age and gender estimator (case ①; :data:`AGE_GENDER_MODELS`), or None.
    age_gender_model: str | None = None
    #: The face descriptor (case ③; :data:`EMBEDDER_MODELS`), or None.
    embedder_model: str | None = None
    #: YuNet's score threshold: 0.6, the value its model zoo ships with.
    face_score_threshold: float = 0.6
    #: ``upper_regions``: YuNet on the tracked people's upper boxes (measured faster at
    #: the same recall, :mod:`privacam.vision.faces.search`); ``frame``: the whole frame.
    search: Literal["upper_regions", "frame"] = "upper_regions"
    stage: FaceStageSettings = field(default_factory=FaceStageSettings)

    def __post_init__(self) -> None:
        if self.age_gender_model is None and self.embedder_model is None:
            raise ValueError("a FacePlan reads age and gender, face features, or both")

    @classmethod
    def defaults(cls, *, age_gender: bool = False, embedding: bool = False) -> FacePlan:
        """The licence-clean default models for what is read (dlib's, CC0)."""
        return cls(
            age_gender_model=DEFAULT_AGE_GENDER if age_gender else None,
            embedder_model=DEFAULT_EMBEDDER if embedding else None,
        )

    @property
    def model_names(self) -> tuple[str, ...]:
        """The registry names of every model file the stage loads (an unknown estimator or
        embedder name stands for itself, so resolving it says it is unknown)."""
        names = ["yunet"]
        if self.age_gender_model is not None:
            names += AGE_GENDER_MODELS.get(self.age_gender_model, (self.age_gender_model,))
        if self.embedder_model is not None:
            names += EMBEDDER_MODELS.get(self.embedder_model, (self.embedder_model,))
        return tuple(dict.fromkeys(names))

    def build(
        self,
        resolved: Mapping[str, ResolvedModel] | None = None,
        *,
        models_dir: str | os.PathLike[str] | None = None,
        load_age_gender_model: Loader | None = None,
        load_embedder_model: Loader | None = None,
    ) -> FaceReader:
        """The face reader of this plan; the loaders default to :mod:`privacam.vision.faces`'s,
        which find the files the way ``resolved`` was found (``models_dir`` first)."""
        resolved = resolved or {}
        yunet: ResolvedModel | str | None = resolved.get("yunet")
        if yunet is None and models_dir is not None:
            yunet = os.path.join(models_dir, "face_detection_yunet_2023mar.onnx")
        detector = YunetFaceDetector(yunet, score_threshold=self.face_score_threshold)
        search = (
            FacesNearHeads(detector, upper_share=self.stage.upper_share)
            if self.search == "upper_regions"
            else WholeFrame(detector)
        )
        estimator: AgeGenderEstimator | None = None
        embedder: FaceEmbedder | None = None
        if self.age_gender_model is not None:
            load = load_age_gender_model or load_age_gender
            estimator = load(self.age_gender_model, models_dir)  # type: ignore[assignment]
        if self.embedder_model is not None:
            load = load_embedder_model or load_embedder
            embedder = load(self.embedder_model, models_dir)  # type: ignore[assignment]
        return FaceReader(search, FaceStage(self.stage, estimator=estimator, embedder=embedder))
