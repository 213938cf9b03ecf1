"""InsightFace's gender-age model (ONNX, non-commercial): tests and comparison only.

It takes an ArcFace-aligned 112×112 RGB face, 0-255 (it normalises inside), and
returns 202 numbers: two gender logits (index 1 = male), then 100 pairs whose argmaxes
add up to the age in years.
"""

from __future__ import annotations

import numpy as np

from privacam.vision.faces.arcface_onnx import ArcFaceAlignedOnnx
from privacam.vision.faces.types import AgeGender
from privacam.vision.types import Detections


def decode_genderage(output: np.ndarray) -> AgeGender:
    """One 202-long output row → age in years and the probability of female.

    >>> row = np.zeros(202, np.float32); row[1] = 2.0; row[3:202:2] = 1.0
    >>> result = decode_genderage(row)
    >>> result.age, result.gender
    (100.0, 'male')
    """
    logits = output[:2].astype(np.float64)
    exp = np.exp(logits - logits.max())
    female = exp[0] / exp.sum()
    age = np.argmax(output[2:202].reshape(100, 2), axis=1).sum()
    return AgeGender(age=float(age), female_probability=float(female))


class InsightFaceAgeGender(ArcFaceAlignedOnnx):
    """Age and gender per face; the ONNX file has a fixed batch of 1, so faces run in turn."""

    name = "insightface_genderage"

    def estimate(self, image: np.ndarray, faces: Detections) -> list[AgeGender]:
        return [decode_genderage(row) for row in self._outputs(image, faces)]
