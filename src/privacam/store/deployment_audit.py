"""Configuration changes in the audit log: a new deployment hash is a ``config.change``.

The deployment file's hash changes with any change of meaning (purpose, cameras,
retention...). Call :func:`audit_deployment` whenever privacam acts on a file
(``run``, ``notice``): it appends a ``config.change`` entry, with the previous
and new hash, the first time the store sees a hash.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from privacam.policy.loader import LoadedSpec
from privacam.store.audit import AuditEntry
from privacam.store.store import Store
from privacam.store.tables import audit_log

ACTION = "config.change"


def last_deployment_hash(store: Store) -> str | None:
    """The deployment hash of the newest ``config.change`` entry, if any."""
    with store.engine.connect() as connection:
        details = connection.execute(
            select(audit_log.c.details)
            .where(audit_log.c.action == ACTION)
            .order_by(audit_log.c.seq.desc())
            .limit(1)
        ).scalar()
    return json.loads(details).get("deployment_sha256") if details else None


def audit_deployment(
    store: Store, loaded: LoadedSpec, *, actor: str | None = None
) -> AuditEntry | None:
    """Append ``config.change`` when ``loaded``'s hash is not the last one audited."""
    previous = last_deployment_hash(store)
    if previous == loaded.sha256:
        return None
    return store.audit.append(
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
