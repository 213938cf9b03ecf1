"""Requests of case ③ answered from a photo: disclosure, stop-use, deletion, opt-out.

The photo is decoded and embedded in memory (:mod:`~privacam.rights.probe`), the
feature is matched against the vault (:mod:`~privacam.rights.identify`), and then:

- **disclosure**: the matched visitor's visits are read (``vault.visits_of``);
- **stop_use** and **deletion**: the visitor's templates are shredded with their keys
  and their visits deleted (``vault.delete_visitor``); privacam keeps nothing it could
  go on using, so stopping use and deleting are one act;
- **opt_out**: an exclusion template is sealed (``vault.add_exclusion``), after which a
  capture of that face records nothing; what is already held of the person is deleted
  as for a deletion (an opted-out person's past visits serve no purpose of theirs).

An unmatched or ambiguous probe discloses and deletes nothing (an opt-out still seals
its exclusion template: it can only make privacam record less). The request must be
in progress (identity checked); it is completed with the outcome, all audited by the
request log and the vault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from privacam.records import RepeatVisit
from privacam.rights.identify import RIGHTS_MARGIN, Identification, ProbeableVault, identify
from privacam.rights.probe import FaceDetector, decode_photo, probe_feature
from privacam.rights.requests import (
    RequestKind,
    RequestLog,
    RequestState,
    RightsRequest,
    refuse_step,
)
from privacam.rights.residue import ResidueReport, residue, template_bytes
from privacam.store import Store
from privacam.vision.faces.types import FaceEmbedder


class RightsVault(ProbeableVault, Protocol):
    """What a rights answer asks of the vault (:class:`privacam.store.vault.Vault`)."""

    def visits_of(self, visitor_id: str) -> Sequence[RepeatVisit]: ...

    def delete_visitor(self, visitor_id: str, *, reason: str) -> Any: ...

    def add_exclusion(self, feature: np.ndarray, *, reason: str) -> str: ...


@dataclass(frozen=True)
class PhotoAnswer:
    """What a photo request found and did."""

    request: RightsRequest
    identification: Identification
    visits: tuple[RepeatVisit, ...] = ()
    deleted: dict[str, int] = field(default_factory=dict)
    exclusion_id: str | None = None
    #: After a deletion with the store at hand: whether any byte of it remains.
    residue: ResidueReport | None = None

    def outcome(self) -> dict[str, Any]:
        """The request log's record of it: counts and ids, never a face or a visit."""
        found: dict[str, Any] = {"match": self.identification.outcome}
        if self.identification.visitor_id:
            found["visitor_id"] = self.identification.visitor_id
        if self.request.kind == RequestKind.disclosure and self.identification.matched:
            found["visits_disclosed"] = len(self.visits)
        if self.deleted:
            found["deleted"] = dict(self.deleted)
        if self.exclusion_id:
            found["exclusion_id"] = self.exclusion_id
        if self.residue is not None:
            found["residue_free"] = self.residue.clean
            found["files_scanned"] = len(self.residue.files_scanned)
        return found


def answer_by_photo(
    log: RequestLog,
    vault: RightsVault,
    request_id: str,
    photo: bytes,
    *,
    detector: FaceDetector,
    embedder: FaceEmbedder,
    threshold: float,
    margin: float = RIGHTS_MARGIN,
    store: Store | None = None,
) -> PhotoAnswer:
    """Answer a request in progress from the requester's photo, and complete it.

    With the vault's ``store``, a deletion is verified: no byte of the deleted templates
    left in the database files, and no key (:mod:`~privacam.rights.residue`)."""
    request = log.get(request_id)
    refuse_step(request, RequestState.completed)  # identity checked and work begun
    feature = probe_feature(decode_photo(photo), detector, embedder)
    found = identify(vault, feature, threshold=threshold, margin=margin)
    answer = _act(request, vault, found, feature, store)
    done = log.complete(request_id, outcome=answer.outcome(), note=f"photo: {found.outcome}")
    return replace(answer, request=done)


def _act(
    request: RightsRequest,
    vault: RightsVault,
    found: Identification,
    feature: np.ndarray,
    store: Store | None,
) -> PhotoAnswer:
    reason = f"{request.kind.value} request {request.request_id}"
    exclusion_id = None
    if request.kind == RequestKind.opt_out:
        exclusion_id = vault.add_exclusion(feature, reason=reason)
    if not found.matched or found.visitor_id is None:
        return PhotoAnswer(request, found, exclusion_id=exclusion_id)
    if request.kind == RequestKind.disclosure:
        visits = tuple(vault.visits_of(found.visitor_id))
        return PhotoAnswer(request, found, visits=visits)
    held = template_bytes(store, found.visitor_id) if store is not None else None
    receipt = vault.delete_visitor(found.visitor_id, reason=reason)
    deleted = {"templates": int(receipt.templates), "visits": int(receipt.visits)}
    left = residue(store, held) if store is not None and held is not None else None
    return PhotoAnswer(request, found, deleted=deleted, exclusion_id=exclusion_id, residue=left)
