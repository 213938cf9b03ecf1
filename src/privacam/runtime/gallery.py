"""Case ③'s gallery for one run: the store's encrypted vault, opened before the cameras.

The repeat analyser matches faces through :class:`~privacam.cases.gallery.VisitorGallery`
and cannot be built without one, so for case ③ the store is opened before the cameras
are wired (for the other cases it is opened after, as before). The gallery uses the
embedder the face stage reads with, the deployment's threshold and stores; closing it
at the end of the run appends the run's one ``vault.use`` audit entry.
"""

from __future__ import annotations

from privacam.cases.factory import plan_for
from privacam.policy.loader import LoadedSpec
from privacam.policy.spec import Case
from privacam.store import Store
from privacam.store.vault_gallery import VaultGallery
from privacam.vision.faces import DEFAULT_EMBEDDER


def needs_gallery(loaded: LoadedSpec) -> bool:
    """Whether the deployment's case matches faces through the vault (case ③)."""
    return loaded.spec.case is Case.repeat


def open_gallery(store: Store, loaded: LoadedSpec) -> VaultGallery:
    """The vault of ``store`` as the deployment's case ③ matches with it: the templates of
    the embedder its face stage reads with."""
    reading = plan_for(loaded.spec).face_reading
    model = reading.embedder_model if reading is not None else None
    return VaultGallery.for_deployment(store, loaded.spec, model=model or DEFAULT_EMBEDDER)
