"""Configuration changes in the audit log: a new deployment hash is a ``config.change``.

The deployment file's hash changes with any change of meaning (purpose, cameras,
retention...). Call :func:`audit_deployment` in the transaction of whatever privacam
does with a file (``notice``): it appends a ``config.change`` entry, with the previous
and new hash, the first time the store sees a hash.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from privacam.policy.loader import LoadedSpec
from privacam.store.audit import AuditEntry
from privacam.store.store import Store, StoreTransaction
from privacam.store.tables import audit_log

ACTION = "config.change"


def last_deployment_hash(store: Store) -> str | None:
    """The deployment hash of the newest ``config.change`` entry, if any."""
    with store.engine.connect() as connection:
        return _last_hash(connection)


def _last_hash(connection: Connection) -> str | None:
    details = connection.execute(
        select(audit_log.c.details)
        .where(audit_log.c.action == ACTION)
        .order_by(audit_log.c.seq.desc())
        .limit(1)
    ).scalar()
    return json.loads(details).get("deployment_sha256") if details else None


def audit_deployment(
    tx: StoreTransaction, loaded: LoadedSpec, *, actor: str | None = None
) -> AuditEntry | None:
    """Append ``config.change`` in ``tx`` when ``loaded``'s hash is not the last one audited."""
    previous = _last_hash(tx.connection)
    if previous == loaded.sha256:
        return None
    return tx.audit(
        ACTION,
        str(loaded.path) if loaded.path else "privacam.yaml",
        {
            "deployment_sha256": loaded.sha256,
            "previous_sha256": previous,
            "case": loaded.public.case.value,
            "schema_version": loaded.public.schema_version,
        },
        actor=actor,
    )
