"""The retention sweeper: delete what the deployment's retention schedule has expired.

Each record kind names a retention key (``Record.retention_key``). Its period is
the deployment's ``data_items`` entry with that key, or privacam's default when
the deployment declares none, and never more than privacam's ceiling
(:func:`privacam.policy.retention.effective_retention`; a longer declared period
is cut to the ceiling, with a warning: ``privacam check`` already flags it as an error).

A row expires when its ``time_field`` is older than the period. Trajectories
whose item says ``at_expiry: aggregate`` (the default for trajectories, GB §6)
are first reduced to statistics (:mod:`privacam.store.fold`), then deleted, in
the same transaction. Case ③'s vault expires in the same sweep
(:mod:`privacam.store.vault_expiry`): templates past their ``face_features``
retention are shredded with their keys, and visitors left with no template lose
their visits, folded into ``repeat_windows`` first; visits past their own
``visit_history`` retention are folded and deleted like trajectories. Each sweep
that deletes anything is logged and audited with how many rows of each kind it
deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select

from privacam.policy.loader import LoadedSpec
from privacam.policy.retention import deployment_retention
from privacam.policy.spec import Deployment
from privacam.records import RECORD_KINDS, RepeatVisit, Trajectory, utc
from privacam.store.fold import fold_trajectories
from privacam.store.fold_visits import fold_visits
from privacam.store.quarantine import quarantine_for
from privacam.store.request_items import expired_items, shred_items
from privacam.store.request_items import reclaim as reclaim_request_items
from privacam.store.store import Store, StoreTransaction, from_row
from privacam.store.tables import table_for
from privacam.store.vault_expiry import expire_vault, visit_folding
from privacam.store.vault_shred import vacuum_vault

log = logging.getLogger(__name__)

_DEFAULT_FLOW_WINDOW = timedelta(hours=1)
#: Trajectories are reduced to statistics at expiry unless the deployment says delete (GB §6).
_DEFAULT_AT_EXPIRY = {"trajectories": "aggregate", "visit_history": "aggregate"}


@dataclass(frozen=True)
class RetentionRule:
    """How long rows under one retention key are kept, and what happens at expiry."""

    key: str
    period: timedelta
    at_expiry: Literal["delete", "aggregate"]
    #: "deployment" when declared in data_items, else "default".
    source: Literal["deployment", "default"]
    #: The declared period was longer than privacam's ceiling and was cut to it.
    capped: bool = False


def retention_rules(spec: Deployment) -> dict[str, RetentionRule]:
    """The rule for every retention key the record kinds use.

    >>> from privacam.policy.deployment_template import render_template
    >>> from privacam.policy.loader import load_spec_text
    >>> rules = retention_rules(load_spec_text(render_template("flow")).spec)
    >>> rules["trajectories"].at_expiry
    'aggregate'
    """
    rules = {}
    for key in sorted({kind.retention_key for kind in RECORD_KINDS.values()}):
        effective = deployment_retention(spec, key)
        if effective.clamped:
            log.warning(
                "data_items %s: retention %s is above privacam's ceiling %s; keeping %s",
                key,
                effective.declared,
                effective.ceiling,
                effective.period,
            )
        item = spec.data_item(key)
        at_expiry = item.at_expiry if item is not None else _DEFAULT_AT_EXPIRY.get(key, "delete")
        rules[key] = RetentionRule(
            key, effective.period, at_expiry, effective.source, effective.clamped
        )
    return rules


@dataclass
class PurgeReport:
    """What one sweep did: cut-off time and rows deleted per kind, statistics folded in."""

    now: datetime
    cutoffs: dict[str, datetime] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    #: Statistics rows created or added to from expiring trajectories, per kind.
    folded: dict[str, int] = field(default_factory=dict)
    audit_seq: int | None = None

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())

    def details(self) -> dict[str, object]:
        return {
            "now": self.now.isoformat(),
            "deleted": {k: v for k, v in self.deleted.items() if v},
            "folded": {k: v for k, v in self.folded.items() if v},
            "cutoffs": {k: v.isoformat() for k, v in self.cutoffs.items()},
        }


def sweep(
    store: Store,
    loaded: LoadedSpec,
    now: datetime | None = None,
    *,
    audit_when_empty: bool = False,
    actor: str | None = None,
) -> PurgeReport:
    """Delete every expired row in one transaction, aggregating trajectories first.

    The runtime calls it periodically; ``privacam purge`` calls it by hand with
    ``audit_when_empty=True`` so that a manual purge is audited even when nothing
    had expired.
    """
    deployment = loaded.spec
    now = utc(now or datetime.now(UTC), "now")
    rules = retention_rules(deployment)
    report = PurgeReport(now=now)
    flow = deployment.case_settings.flow
    window = flow.window if flow is not None else _DEFAULT_FLOW_WINDOW
    # Case ⑤: expired unmasked originals are files in the quarantine, not rows (GB §6).
    quarantine = quarantine_for(loaded)
    if quarantine is not None:
        report.deleted["quarantine_files"] = len(quarantine.purge_expired(now))
    with store.transaction() as tx:
        _expire_vault(tx, deployment, now, report)
        report.deleted["request_items"] = _expire_request_items(tx, now)
        for kind_name, kind in RECORD_KINDS.items():
            rule = rules[kind.retention_key]
            cutoff = now - rule.period
            report.cutoffs[kind_name] = cutoff
            table = table_for(kind)
            expired = table.c[kind.time_field] < cutoff
            if kind is Trajectory and rule.at_expiry == "aggregate":
                rows = tx.connection.execute(select(table).where(expired)).mappings()
                trajectories = [from_row(Trajectory, row) for row in rows]
                if trajectories:
                    folded = fold_trajectories(
                        tx.connection, trajectories, window, deployment.timezone
                    )
                    for folded_kind, n in folded.items():
                        report.folded[folded_kind] = report.folded.get(folded_kind, 0) + n
            if kind is RepeatVisit and rule.at_expiry == "aggregate":
                folding = visit_folding(deployment)
                rows = tx.connection.execute(select(table).where(expired)).mappings()
                visits = [from_row(RepeatVisit, row) for row in rows]
                if visits and folding is not None:
                    n = fold_visits(tx.connection, visits, folding.window, folding.timezone)
                    report.folded["repeat_windows"] = report.folded.get("repeat_windows", 0) + n
            count = tx.connection.execute(delete(table).where(expired)).rowcount
            report.deleted[kind_name] = report.deleted.get(kind_name, 0) + count
            tx.deleted += count
        if report.total_deleted or audit_when_empty:
            entry = tx.audit("purge", store.display_url, report.details(), actor=actor)
            report.audit_seq = entry.seq
    if any(report.deleted.get(k) for k in ("vault_templates", "vault_exclusions")):
        vacuum_vault(store.engine)
    if report.deleted.get("request_items"):
        reclaim_request_items(store)
    if report.total_deleted:
        log.info(
            "purge: deleted %s",
            ", ".join(f"{n} {kind}" for kind, n in report.deleted.items() if n),
        )
    else:
        log.debug("purge: nothing had expired")
    return report


def _expire_request_items(tx: StoreTransaction, now: datetime) -> int:
    """Shred the sealed items of rights requests past their expiry (the web's answers,
    kept 30 days), with their keys: on schedule, not only when an officer opens the list."""
    expired = expired_items(tx.connection, now)
    for request_id, name in expired:
        shred_items(tx, request_id, names=[name])
    return len(expired)


def _expire_vault(
    tx: StoreTransaction, deployment: Deployment, now: datetime, report: PurgeReport
) -> None:
    """Shred the vault's expired templates and exclusions, and their visitors' visits."""
    expiry = expire_vault(
        tx.connection,
        now=now,
        retention=deployment_retention(deployment, "face_features").period,
        exclusion_retention=deployment_retention(deployment, "exclusion_templates").period,
        folding=visit_folding(deployment),
    )
    report.deleted["vault_templates"] = expiry.templates
    report.deleted["vault_exclusions"] = expiry.exclusions
    report.deleted["repeat_visits"] = expiry.visits  # the loop below adds the expired ones
    if expiry.folded_windows:
        report.folded["repeat_windows"] = expiry.folded_windows
    tx.deleted += expiry.total
