"""The store: records by kind and data class, retention, exports and the audit chain.

It keeps records (:mod:`privacam.records`), never pixels. Open it from a
deployment, write batches in transactions, append audit entries, sweep::

    from privacam.policy.loader import load_spec
    from privacam.store import open_store, sweep

    loaded = load_spec("privacam.yaml")
    store = open_store(loaded)            # SQLite next to the file, or PostgreSQL by URL
    store.write(records, run_id=run.run_id)        # one transaction: all or nothing
    with store.transaction() as tx:       # records, deletions and audit entries together
        tx.write([run])
        tx.audit("run.start", run.run_id, {"deployment": loaded.sha256})
        audit_deployment(tx, loaded)      # `config.change` when the file's hash is new
    report = sweep(store, loaded)         # delete what the retention schedule expired
    coverage_gaps(store, "cam1", t0, t1)  # spans with no data: gaps, never zeros
    mark_interrupted_runs(store)          # runs left `running` by a killed process
    vault = Vault.for_deployment(store, loaded.spec, model="dlib_resnet")  # case ③: docs/vault.md
"""

from privacam.store.audit import (
    AuditChainError,
    AuditEntry,
    AuditHead,
    AuditKeyMismatch,
    AuditLog,
    VerifyReport,
)
from privacam.store.coverage import CoverageOverlap, coverage_gaps, is_covered, refuse_observed
from privacam.store.deployment_audit import audit_deployment
from privacam.store.retention import PurgeReport, RetentionRule, retention_rules, sweep
from privacam.store.runs import mark_interrupted_runs
from privacam.store.store import Store, StoreError, StoreTransaction, open_store, record_kind
from privacam.store.suppression import publish
from privacam.store.vault import DeletionReceipt, Vault
from privacam.store.vault_gallery import VaultGallery
from privacam.store.vault_matching import VaultMatch

__all__ = [
    "AuditChainError",
    "AuditEntry",
    "AuditHead",
    "AuditKeyMismatch",
    "AuditLog",
    "CoverageOverlap",
    "DeletionReceipt",
    "PurgeReport",
    "RetentionRule",
    "Store",
    "StoreError",
    "StoreTransaction",
    "Vault",
    "VaultGallery",
    "VaultMatch",
    "VerifyReport",
    "audit_deployment",
    "coverage_gaps",
    "is_covered",
    "mark_interrupted_runs",
    "open_store",
    "publish",
    "record_kind",
    "refuse_observed",
    "retention_rules",
    "sweep",
]
