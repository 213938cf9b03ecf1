"""The vault of case ③: face templates sealed one by one, matched in memory, shredded.

The only place a face feature (a 個人識別符号) is kept (invariant 2). Each template is
sealed with AES-256-GCM under its own data key, wrapped by the master key
(:mod:`privacam.store.vault_crypto`, :mod:`privacam.store.vault_master`); deleting a
template deletes its key (:mod:`privacam.store.vault_shred`); templates expire at most
one ``face_features`` retention after the first visit (:mod:`privacam.store.vault_expiry`).

API (what the case, the runtime and the rights requests call)::

    vault = Vault.for_deployment(store, spec, model="dlib_resnet")
    visitor_id = vault.enrol(feature, store_id="shibuya", seen_at=t)   # random UUID4
    vault.match(feature, threshold=0.94, margin=0.02)   # VaultMatch | None (ambiguous: None)
    vault.candidates(feature, threshold=0.94)           # every visitor above: rights probes
    vault.delete_visitor(visitor_id, reason="deletion request R-12")  # -> DeletionReceipt
    vault.add_exclusion(feature, reason="opt-out R-13") # -> exclusion id
    vault.is_excluded(feature, threshold=0.9)           # an opted-out face: record nothing
    vault.visits_of(visitor_id)                         # list[RepeatVisit]
    vault.expire(now)          # also run by the retention sweeper and `privacam purge`
    vault.rotate_master_key(new_key)                    # -> RotationReport
    vault.status()                                      # VaultStatus: counts, dates, warnings
    vault.audit_usage(run_id=run.run_id)                # one audit entry for a run's matching

Templates are decrypted once per process into memory (a numpy matrix), only those of
this vault's model and of the operator's own stores (``case_settings.repeat.stores``;
an empty list means every store of this database, which is the operator's own:
identifiers never leave their edge). Enrolment adds to that matrix, deletion and expiry
drop it; plaintext is never written anywhere.

Auditing: deletion, expiry, exclusions, probes (``candidates``), ``visits_of`` and key
rotation are audited one entry each. Matching and enrolment during a run happen per
face, so they are counted and audited in aggregate: :meth:`Vault.audit_usage` appends
one ``vault.use`` entry with the counts since the last one (the runtime calls it when a
run ends; :class:`privacam.store.vault_gallery.VaultGallery` does on ``close``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import func, insert, select

from privacam.policy.retention import deployment_retention, effective_retention
from privacam.policy.spec import Deployment
from privacam.records import RepeatVisit, utc
from privacam.store.audit import AuditEntry
from privacam.store.keys import VAULT_KEY, KeySource
from privacam.store.store import Store
from privacam.store.tables import vault_exclusions, vault_keys, vault_templates
from privacam.store.vault_crypto import (
    Sealed,
    WrappedKey,
    exclusion_aad,
    key_aad,
    template_aad,
)
from privacam.store.vault_expiry import VaultExpiry, VisitFolding, expire_vault, visit_folding
from privacam.store.vault_master import load_master_key
from privacam.store.vault_matching import FeatureMatrix, VaultMatch, checked_feature
from privacam.store.vault_rotation import RotationReport, rewrap_all
from privacam.store.vault_shred import (
    delete_visits,
    shred_templates,
    vacuum_vault,
    visits_of,
)
from privacam.store.vault_status import VaultStatus, gallery_warning, vault_status

log = logging.getLogger(__name__)

__all__ = ["DeletionReceipt", "RotationReport", "Vault", "VaultMatch"]


@dataclass(frozen=True)
class DeletionReceipt:
    """What a deletion destroyed: the visitor's templates (keys with them) and visits."""

    visitor_id: str
    templates: int
    visits: int
    reason: str
    deleted_at: datetime
    audit_seq: int


@dataclass
class _Usage:
    """Per-run counts of accesses audited in aggregate (``vault.use``)."""

    decrypted: int = 0
    enrolled: int = 0
    matched: int = 0
    ambiguous: int = 0
    unmatched: int = 0
    exclusion_checks: int = 0
    excluded: int = 0


class Vault:
    """Encrypted face templates of one embedder ``model`` in ``store``."""

    def __init__(
        self,
        store: Store,
        *,
        model: str,
        stores: Collection[str] | None = None,
        retention: timedelta | None = None,
        exclusion_retention: timedelta | None = None,
        folding: VisitFolding | None = None,
        master_key: bytes | None = None,
        key_source: KeySource = VAULT_KEY,
    ) -> None:
        self.store = store
        self.model = model
        self.stores = frozenset(stores or ())
        # `is None`, not `or`: a declared retention of 0 s is a retention, not a default.
        if retention is None:
            retention = effective_retention("face_features", None).period
        if exclusion_retention is None:
            exclusion_retention = effective_retention("exclusion_templates", None).period
        self.retention = retention
        self.exclusion_retention = exclusion_retention
        self.folding = folding
        self._master_key = master_key
        self._key_source = key_source
        self._templates: FeatureMatrix | None = None
        self._exclusions: FeatureMatrix | None = None
        self._exclusions_seen: tuple[int, datetime | None] | None = None
        self._usage = _Usage()
        self._warned_limit = False

    @classmethod
    def for_deployment(cls, store: Store, spec: Deployment, *, model: str, **kw: object) -> Vault:
        """The vault as ``spec`` configures it: its stores, retention and time zone."""
        repeat = spec.case_settings.repeat
        return cls(
            store,
            model=model,
            stores=repeat.stores if repeat is not None else (),
            retention=deployment_retention(spec, "face_features").period,
            exclusion_retention=deployment_retention(spec, "exclusion_templates").period,
            folding=visit_folding(spec),
            **kw,  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ keys

    @property
    def master_key(self) -> bytes:
        if self._master_key is None:
            with self.store.engine.connect() as connection:
                self._master_key = load_master_key(connection, self._key_source)
        return self._master_key

    def invalidate(self) -> None:
        """Forget the decrypted templates; the next match decrypts them again."""
        self._templates = None
        self._exclusions = None

    # ------------------------------------------------------------------ enrolment

    def enrol(self, feature: np.ndarray, *, store_id: str, seen_at: datetime) -> str:
        """Seal ``feature`` as a new visitor's template; returns the new visitor id.

        The id is a random UUID4, never derived from the face. The template expires one
        ``face_features`` retention after ``seen_at`` (the first visit).
        """
        if self.stores and store_id not in self.stores:
            raise ValueError(f"store {store_id!r} is not one of this operator's stores")
        seen_at = utc(seen_at, "seen_at")
        gallery = self._gallery()
        row = checked_feature(feature, dims=gallery.dims)
        visitor_id, template_id = str(uuid.uuid4()), str(uuid.uuid4())
        sealed = Sealed.seal(
            row.astype("<f4").tobytes(), aad=template_aad(template_id, visitor_id, store_id)
        )
        wrapped = WrappedKey.wrap(
            sealed.data_key, self.master_key, aad=key_aad("template", template_id)
        )
        with self.store.transaction() as tx:
            tx.connection.execute(
                insert(vault_templates).values(
                    template_id=template_id,
                    visitor_id=visitor_id,
                    store_id=store_id,
                    model=self.model,
                    first_seen=seen_at,
                    expires_at=seen_at + self.retention,
                    nonce=sealed.nonce,
                    ciphertext=sealed.ciphertext,
                )
            )
            _insert_key(tx.connection, "template", template_id, wrapped)
        gallery.add(template_id, visitor_id, row)
        self._usage.enrolled += 1
        self._check_gallery_limit(len(gallery))
        return visitor_id

    def add_exclusion(
        self, feature: np.ndarray, *, reason: str, now: datetime | None = None
    ) -> str:
        """Seal an opt-out template: from now on a face matching it produces no record."""
        now = utc(now or datetime.now(UTC), "now")
        exclusions = self._exclusion_gallery()
        row = checked_feature(feature, dims=exclusions.dims)
        exclusion_id = str(uuid.uuid4())
        sealed = Sealed.seal(row.astype("<f4").tobytes(), aad=exclusion_aad(exclusion_id))
        wrapped = WrappedKey.wrap(
            sealed.data_key, self.master_key, aad=key_aad("exclusion", exclusion_id)
        )
        with self.store.transaction() as tx:
            tx.connection.execute(
                insert(vault_exclusions).values(
                    exclusion_id=exclusion_id,
                    model=self.model,
                    created_at=now,
                    expires_at=now + self.exclusion_retention,
                    reason=reason,
                    nonce=sealed.nonce,
                    ciphertext=sealed.ciphertext,
                )
            )
            _insert_key(tx.connection, "exclusion", exclusion_id, wrapped)
            tx.audit(
                "vault.exclusion.add",
                exclusion_id,
                {
                    "reason": reason,
                    "model": self.model,
                    "expires_at": now + self.exclusion_retention,
                },
            )
        exclusions.add(exclusion_id, exclusion_id, row)
        return exclusion_id

    # ------------------------------------------------------------------ matching

    def match(self, feature: np.ndarray, *, threshold: float, margin: float) -> VaultMatch | None:
        """The one visitor at or above ``threshold`` with no other within ``margin``.

        A match is confirmed against the database: a visitor deleted (a rights request
        in another process) or expired since the templates were decrypted is dropped,
        and the face matched again, so no visit is ever recorded for them.
        """
        outcome, found = self._gallery().classify(feature, threshold=threshold, margin=margin)
        if found is not None and not self._held([found.visitor_id]):
            self.invalidate()
            outcome, found = self._gallery().classify(feature, threshold=threshold, margin=margin)
        setattr(self._usage, outcome, getattr(self._usage, outcome) + 1)
        return found

    def candidates(
        self, feature: np.ndarray, *, threshold: float, actor: str | None = None
    ) -> list[VaultMatch]:
        """Every visitor at or above ``threshold``, most similar first (rights probes);
        each probe is audited with how many visitors it found."""
        found = self._gallery().above(feature, threshold=threshold)
        if len(self._held([m.visitor_id for m in found])) < len(found):
            self.invalidate()  # some were deleted or expired since: decrypt afresh
            found = self._gallery().above(feature, threshold=threshold)
        with self.store.transaction() as tx:
            tx.audit(
                "vault.probe",
                self.model,
                {"threshold": threshold, "candidates": len(found)},
                actor=actor,
            )
        return found

    def is_excluded(self, feature: np.ndarray, *, threshold: float) -> bool:
        """True when ``feature`` matches an opt-out template at or above ``threshold``."""
        excluded = bool(self._exclusion_gallery().above(feature, threshold=threshold))
        self._usage.exclusion_checks += 1
        self._usage.excluded += excluded
        return excluded

    # ------------------------------------------------------------------ reading

    def visits_of(self, visitor_id: str, *, actor: str | None = None) -> list[RepeatVisit]:
        """The visitor's visits, oldest first (audited: it reads personal data)."""
        with self.store.transaction() as tx:
            visits = visits_of(tx.connection, [visitor_id])
            tx.audit("vault.visits_of", visitor_id, {"visits": len(visits)}, actor=actor)
        return visits

    def status(self) -> VaultStatus:
        """Counts, dates, master-key fingerprints and warnings; opens no template."""
        return vault_status(self.store.engine)

    # ------------------------------------------------------------------ deletion

    def delete_visitor(
        self, visitor_id: str, *, reason: str, actor: str | None = None
    ) -> DeletionReceipt:
        """Shred the visitor's templates (their keys first) and delete their visits, in one
        transaction, audited; then purge the residue (WAL on SQLite, VACUUM on PostgreSQL)."""
        now = datetime.now(UTC)
        with self.store.transaction() as tx:
            ids = list(
                tx.connection.execute(
                    select(vault_templates.c.template_id).where(
                        vault_templates.c.visitor_id == visitor_id
                    )
                ).scalars()
            )
            templates = shred_templates(tx.connection, ids)
            visits = delete_visits(tx.connection, [visitor_id])
            tx.deleted += templates + visits
            entry = tx.audit(
                "vault.delete",
                visitor_id,
                {"reason": reason, "templates": templates, "visits": visits},
                actor=actor,
            )
        if templates:
            vacuum_vault(self.store.engine)
        self._templates = None
        return DeletionReceipt(visitor_id, templates, visits, reason, now, entry.seq)

    def expire(self, now: datetime | None = None, *, actor: str | None = None) -> VaultExpiry:
        """Shred what has expired (see :mod:`privacam.store.vault_expiry`), audited."""
        now = utc(now or datetime.now(UTC), "now")
        with self.store.transaction() as tx:
            expiry = expire_vault(
                tx.connection,
                now=now,
                retention=self.retention,
                exclusion_retention=self.exclusion_retention,
                folding=self.folding,
            )
            tx.deleted += expiry.total
            if expiry.total:
                tx.audit("vault.expire", "vault", {"now": now, **asdict(expiry)}, actor=actor)
        if expiry.total:
            vacuum_vault(self.store.engine)
            self.invalidate()
        return expiry

    # ------------------------------------------------------------------ rotation

    def rotate_master_key(self, new_key: bytes, *, actor: str | None = None) -> RotationReport:
        """Re-wrap every data key under ``new_key`` in one transaction (audited); the old
        master key opens nothing afterwards (:func:`privacam.store.vault_rotation.rewrap_all`)."""
        report = rewrap_all(self.store, self.master_key, new_key, actor=actor)
        self._master_key = new_key
        return report

    # ------------------------------------------------------------------ audit

    def audit_usage(
        self, *, run_id: str | None = None, actor: str | None = None
    ) -> AuditEntry | None:
        """Append one ``vault.use`` entry with the accesses counted since the last one."""
        counts = {k: v for k, v in asdict(self._usage).items() if v}
        if not counts:
            return None
        with self.store.transaction() as tx:
            entry = tx.audit(
                "vault.use", run_id or "vault", {"model": self.model, **counts}, actor=actor
            )
        self._usage = _Usage()
        return entry

    # ------------------------------------------------------------------ in memory

    def _gallery(self) -> FeatureMatrix:
        if self._templates is None:
            self._templates = self._decrypt_templates()
            self._check_gallery_limit(len(self._templates))
        return self._templates

    def _decrypt_templates(self) -> FeatureMatrix:
        t, k = vault_templates, vault_keys
        query = (
            select(
                t.c.template_id,
                t.c.visitor_id,
                t.c.store_id,
                t.c.nonce,
                t.c.ciphertext,
                k.c.nonce.label("key_nonce"),
                k.c.wrapped_key,
                k.c.master_key_id,
            )
            .join(k, k.c.owner_id == t.c.template_id)
            .where(t.c.model == self.model, t.c.expires_at > datetime.now(UTC))
            .order_by(t.c.first_seen, t.c.template_id)
        )
        if self.stores:
            query = query.where(t.c.store_id.in_(sorted(self.stores)))
        matrix = FeatureMatrix()
        with self.store.engine.connect() as connection:
            rows = connection.execute(query).all()
        for row in rows:
            wrapped = WrappedKey(row.key_nonce, row.wrapped_key, row.master_key_id)
            data_key = wrapped.unwrap(self.master_key, aad=key_aad("template", row.template_id))
            plain = Sealed(row.nonce, row.ciphertext).open(
                data_key, aad=template_aad(row.template_id, row.visitor_id, row.store_id)
            )
            matrix.add(row.template_id, row.visitor_id, np.frombuffer(plain, dtype="<f4"))
        self._usage.decrypted += len(rows)
        return matrix

    def _held(self, visitor_ids: list[str]) -> set[str]:
        """Those of ``visitor_ids`` that still have an unexpired template in the database."""
        if not visitor_ids:
            return set()
        t = vault_templates
        query = select(t.c.visitor_id).where(
            t.c.visitor_id.in_(visitor_ids), t.c.expires_at > datetime.now(UTC)
        )
        with self.store.engine.connect() as connection:
            return set(connection.execute(query).scalars())

    def _exclusions_version(self) -> tuple[int, datetime | None]:
        """Changes whenever an exclusion is added (a newer request time) or shredded (fewer),
        by any process."""
        e = vault_exclusions
        query = select(func.count(), func.max(e.c.created_at)).where(e.c.model == self.model)
        with self.store.engine.connect() as connection:
            count, last = connection.execute(query).one()
        return count, last

    def _exclusion_gallery(self) -> FeatureMatrix:
        # An opt-out recorded by another process (`privacam rights`) while a run goes on
        # must hold from its next face on: check, cheaply, whether the set changed.
        version = self._exclusions_version()
        if version != self._exclusions_seen:
            self._exclusions, self._exclusions_seen = None, version
        if self._exclusions is None:
            e, k = vault_exclusions, vault_keys
            query = (
                select(
                    e.c.exclusion_id,
                    e.c.nonce,
                    e.c.ciphertext,
                    k.c.nonce.label("key_nonce"),
                    k.c.wrapped_key,
                    k.c.master_key_id,
                )
                .join(k, k.c.owner_id == e.c.exclusion_id)
                .where(e.c.model == self.model, e.c.expires_at > datetime.now(UTC))
            )
            matrix = FeatureMatrix()
            with self.store.engine.connect() as connection:
                rows = connection.execute(query).all()
            for row in rows:
                wrapped = WrappedKey(row.key_nonce, row.wrapped_key, row.master_key_id)
                data_key = wrapped.unwrap(
                    self.master_key, aad=key_aad("exclusion", row.exclusion_id)
                )
                plain = Sealed(row.nonce, row.ciphertext).open(
                    data_key, aad=exclusion_aad(row.exclusion_id)
                )
                matrix.add(row.exclusion_id, row.exclusion_id, np.frombuffer(plain, dtype="<f4"))
            self._exclusions = matrix
        return self._exclusions

    def _check_gallery_limit(self, templates: int) -> None:
        warning = gallery_warning(self.model, templates)
        if warning is not None and not self._warned_limit:
            log.warning("%s", warning)
            self._warned_limit = True


def _insert_key(connection, owner: str, owner_id: str, wrapped: WrappedKey) -> None:
    connection.execute(
        insert(vault_keys).values(
            owner_id=owner_id,
            owner=owner,
            master_key_id=wrapped.master_key_id,
            nonce=wrapped.nonce,
            wrapped_key=wrapped.wrapped,
        )
    )
