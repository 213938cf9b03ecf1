"""What cases ① and ③ read from faces, as plain settings the runtime builds the face stage from.

A :class:`FacePlan` sits in a case's :class:`~privacam.cases.detection.DetectorPlan`
(``face_reading``): which models read the faces (age and gender for ①, face features
for ③, both for a ③ that also tallies attributes), where YuNet looks, and the stage's
gates and budget. :meth:`FacePlan.build` makes the
:class:`~privacam.vision.faces.reader.FaceReader` the vision pipeline runs after the
tracker; the models are loaded by name through the loaders of
:mod:`privacam.vision.faces`.

>>> plan = FacePlan(age_gender_model="insightface_genderage")
>>> plan.model_names
('yunet', 'insightface_genderage')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from privacam.errors import InputError
from privacam.vision.detectors import YunetFaceDetector
from privacam.vision.faces.reader import FaceReader
from privacam.vision.faces.search import FacesNearHeads, WholeFrame
from privacam.vision.faces.stage import FaceStage, FaceStageSettings
from privacam.vision.faces.types import AgeGenderEstimator, FaceEmbedder
from privacam.vision.models import ResolvedModel

#: Loads a face model by its registry name, from the file already resolved (if any).
Loader = Callable[[str, ResolvedModel | None], object]


@dataclass(frozen=True)
class FacePlan:
    """The face stage a case wants: what it reads, with which models, where YuNet looks."""

    #: Registry name of the age and gender model (case ①), or None.
    age_gender_model: str | None = None
    #: Registry name of the face descriptor (case ③), or None.
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

    @property
    def model_names(self) -> tuple[str, ...]:
        names = ["yunet", self.age_gender_model, self.embedder_model]
        return tuple(name for name in names if name is not None)

    def build(
        self,
        resolved: Mapping[str, ResolvedModel] | None = None,
        *,
        models_dir: str | os.PathLike[str] | None = None,
        load_age_gender: Loader | None = None,
        load_embedder: Loader | None = None,
    ) -> FaceReader:
        """The face reader of this plan; the loaders default to :mod:`privacam.vision.faces`'s."""
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
            load = load_age_gender or _vision_loader("load_age_gender")
            estimator = load(self.age_gender_model, resolved.get(self.age_gender_model))  # type: ignore[assignment]
        if self.embedder_model is not None:
            load = load_embedder or _vision_loader("load_embedder")
            embedder = load(self.embedder_model, resolved.get(self.embedder_model))  # type: ignore[assignment]
        return FaceReader(search, FaceStage(self.stage, estimator=estimator, embedder=embedder))


def _vision_loader(name: str) -> Loader:
    """The vision layer's loader ``name`` (``load_age_gender``, ``load_embedder``)."""
    from privacam.vision import faces

    loader = getattr(faces, name, None)
    if loader is None:
        raise InputError(
            "この privacam には顔モデルの読み込み機能がありません / this privacam build has no "
            f"face model loader ({name}); install privacam[faces]"
        )

    def load(model: str, resolved: ResolvedModel | None) -> object:
        return loader(model) if resolved is None else loader(model, resolved)

    return load
