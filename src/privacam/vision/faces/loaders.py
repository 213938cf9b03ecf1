"""Face models by registry name: what the face stage (and ``rights``' probes) load.

``models_dir`` is looked in first; then the usual resolution (``PRIVACAM_MODELS``, the
copy inside an installed wheel, the user cache). A packaged model that is nowhere is a
one-line bilingual error that says how to install it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from privacam.errors import InputError
from privacam.vision.faces.cydral import CydralAgeGender
from privacam.vision.faces.dlib_embedder import DlibFaceEmbedder
from privacam.vision.faces.dlib_runtime import INSTALL_HINT
from privacam.vision.faces.insightface import InsightFaceAgeGender
from privacam.vision.faces.mobilefacenet import MobileFaceNetEmbedder
from privacam.vision.faces.types import AgeGenderEstimator, FaceEmbedder
from privacam.vision.models import ResolvedModel, get_entry, locate, resolve_model

#: embedder name → the registry models it needs, in the order its constructor takes them.
EMBEDDER_MODELS: dict[str, tuple[str, ...]] = {
    "dlib_resnet": ("dlib_resnet", "dlib_shape_5"),
    "mobilefacenet": ("mobilefacenet",),
}
#: estimator name → the registry models it needs, in the order its constructor takes them.
AGE_GENDER_MODELS: dict[str, tuple[str, ...]] = {
    "cydral_age_gender": ("cydral_age", "cydral_gender", "dlib_shape_5"),
    "insightface_genderage": ("insightface_genderage",),
}
DEFAULT_EMBEDDER = "dlib_resnet"
DEFAULT_AGE_GENDER = "cydral_age_gender"


def resolve_face_model(
    name: str, models_dir: str | os.PathLike[str] | None = None
) -> ResolvedModel:
    """Model ``name`` from ``models_dir`` if it is there, else from the usual places."""
    entry = get_entry(name)
    if models_dir is not None:
        candidate = Path(models_dir).expanduser() / entry.filename
        if candidate.is_file():
            return resolve_model(name, candidate)
    if entry.packaged is not None and locate(entry) is None:
        raise InputError(
            f"顔モデル {name}（{entry.filename}）が見つかりません。{INSTALL_HINT} を実行するか、"
            f"PRIVACAM_MODELS のディレクトリに置いてください / face model {name} "
            f"({entry.filename}) not found: run {INSTALL_HINT}, or place it in a directory "
            "listed in PRIVACAM_MODELS"
        )
    return resolve_model(name, download=False)


def _unknown(kind: str, name: str, known: dict[str, tuple[str, ...]]) -> InputError:
    names = ", ".join(sorted(known))
    return InputError(
        f"{kind} {name!r} はありません（{names}）/ unknown {kind} {name!r}; known: {names}"
    )


def _models(
    table: dict[str, tuple[str, ...]],
    kind: str,
    name: str,
    models_dir: str | os.PathLike[str] | None,
) -> list[ResolvedModel]:
    if name not in table:
        raise _unknown(kind, name, table)
    return [resolve_face_model(model, models_dir) for model in table[name]]


def load_embedder(
    name: str = DEFAULT_EMBEDDER, models_dir: str | os.PathLike[str] | None = None
) -> FaceEmbedder:
    """The face embedder ``name`` (``dlib_resnet`` by default; ``mobilefacenet`` for tests)."""
    models = _models(EMBEDDER_MODELS, "embedder", name, models_dir)
    factories: dict[str, Callable[..., FaceEmbedder]] = {
        "dlib_resnet": DlibFaceEmbedder,
        "mobilefacenet": MobileFaceNetEmbedder,
    }
    return factories[name](*models)


def load_age_gender(
    name: str = DEFAULT_AGE_GENDER, models_dir: str | os.PathLike[str] | None = None
) -> AgeGenderEstimator:
    """The age and gender estimator ``name`` (``cydral_age_gender``; ``insightface_genderage``)."""
    models = _models(AGE_GENDER_MODELS, "age/gender estimator", name, models_dir)
    factories: dict[str, Callable[..., AgeGenderEstimator]] = {
        "cydral_age_gender": CydralAgeGender,
        "insightface_genderage": InsightFaceAgeGender,
    }
    return factories[name](*models)
