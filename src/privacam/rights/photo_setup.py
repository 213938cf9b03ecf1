"""What a photo request needs besides the photo: the face detector, the embedder, the vault.

The embedder and the vault are case ③'s own (one vault per embedder model); they are
looked up when a photo request is answered, so that the rest of ``privacam rights``
works on an installation without the face models (``pip install 'privacam[faces]'``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from privacam.errors import InputError
from privacam.policy.spec import Deployment
from privacam.rights.by_photo import RightsVault
from privacam.rights.probe import FaceDetector
from privacam.store import Store
from privacam.vision.faces.types import FaceEmbedder

#: The embedder case ③ uses unless told otherwise (dlib's ResNet descriptor, CC0).
DEFAULT_MODEL = "dlib_resnet"


@dataclass(frozen=True)
class PhotoTools:
    detector: FaceDetector
    embedder: FaceEmbedder
    model: str


def _module(name: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise InputError(
            f"この privacam には{what}がありません / this privacam has no {what} "
            f"({name}); install a version with case ③'s face features"
        ) from None


def photo_tools(model: str = DEFAULT_MODEL) -> PhotoTools:
    """YuNet and the embedder ``model``, each a one-line error when missing."""
    from privacam.vision.detectors.yunet import YunetFaceDetector

    load_embedder = getattr(
        _module("privacam.vision.faces", "face embedder"), "load_embedder", None
    )
    if load_embedder is None:
        raise InputError(
            "この privacam には顔特徴量モデルがありません / this privacam has no face embedder "
            "(privacam.vision.faces.load_embedder); install a version with case ③'s models"
        )
    return PhotoTools(YunetFaceDetector(), load_embedder(model), model)


def open_vault(store: Store, spec: Deployment, model: str) -> RightsVault:
    """The deployment's vault of ``model``'s templates."""
    vault = _module("privacam.store.vault", "vault")
    return vault.Vault.for_deployment(store, spec, model=model)
