"""The face stage of cases ① and ③: quality gates, age and gender, face features.

Like the rest of the vision layer it stores nothing: what it reads from a frame's
faces (:class:`~privacam.vision.faces.types.FaceReadings`) lives in memory and is
handed to the case, which never sees a pixel.
"""

from privacam.vision.faces.types import (
    AgeGender,
    AgeGenderEstimator,
    FaceEmbedder,
    FaceQuality,
    FaceReadings,
)

__all__ = ["AgeGender", "AgeGenderEstimator", "FaceEmbedder", "FaceQuality", "FaceReadings"]
