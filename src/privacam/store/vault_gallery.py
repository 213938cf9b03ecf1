"""The vault as case ③ sees it: :class:`privacam.cases.gallery.VisitorGallery` for one deployment.

The case calls ``is_excluded``, ``match`` and ``enrol`` with a feature only; the
deployment fixes the rest: ``case_settings.repeat.match_threshold`` and ``stores``,
the retention, and the embedder ``model`` the runtime loaded. The port is implemented
structurally (the store may not import the cases): ``match`` returns a
:class:`~privacam.store.vault_matching.VaultMatch`, which has the fields of
``GalleryMatch``.

Exclusion is checked at a looser threshold than matching (``threshold - margin``):
an opted-out person near the threshold is rather left out than recorded.

Close it (or use it as a context manager) when the run ends: that appends the
run's one aggregate ``vault.use`` audit entry.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from privacam.policy.spec import Deployment, RepeatSettings
from privacam.store.audit import AuditEntry
from privacam.store.store import Store
from privacam.store.vault import Vault
from privacam.store.vault_matching import VaultMatch

#: Two visitors closer to a face than this (in cosine similarity) are ambiguous: no match.
DEFAULT_MARGIN = 0.02


class VaultGallery:
    """One deployment's matching rules over a :class:`Vault`."""

    def __init__(
        self,
        vault: Vault,
        *,
        threshold: float,
        margin: float = DEFAULT_MARGIN,
        run_id: str | None = None,
    ) -> None:
        self.vault = vault
        self.threshold = threshold
        self.margin = margin
        self.run_id = run_id

    @classmethod
    def for_deployment(
        cls,
        store: Store,
        spec: Deployment,
        *,
        model: str,
        run_id: str | None = None,
        margin: float = DEFAULT_MARGIN,
        master_key: bytes | None = None,
    ) -> VaultGallery:
        repeat = spec.case_settings.repeat or RepeatSettings()  # the file gives none: defaults
        vault = Vault.for_deployment(store, spec, model=model, master_key=master_key)
        return cls(vault, threshold=float(repeat.match_threshold), margin=margin, run_id=run_id)

    def is_excluded(self, feature: np.ndarray) -> bool:
        return self.vault.is_excluded(feature, threshold=self.threshold - self.margin)

    def match(self, feature: np.ndarray) -> VaultMatch | None:
        return self.vault.match(feature, threshold=self.threshold, margin=self.margin)

    def enrol(self, feature: np.ndarray, *, seen_at: datetime, store_id: str) -> str:
        return self.vault.enrol(feature, store_id=store_id, seen_at=seen_at)

    def close(self) -> AuditEntry | None:
        """Audit the run's matching and enrolment in one entry."""
        return self.vault.audit_usage(run_id=self.run_id)

    def __enter__(self) -> VaultGallery:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
