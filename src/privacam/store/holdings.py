"""What a store holds now, per data class: rows, the oldest, and when the next one expires.

One :class:`Holding` per kind of thing kept: each record kind with rows, the vault's
templates and exclusion templates (case ③), the rights requests and incidents (the
operator's accountability records: no retention period, kept as the record of what was
done), and the files beside the store: the quarantine's encrypted originals and the
masked outputs (case ⑤). Counting reads dates and counts only: no template is opened,
no file decrypted.

The next expiry is the oldest item's time plus its retention
(:func:`privacam.store.retention.retention_rules`, the one source the sweeper uses), so
the dashboard says what the next sweep will delete and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from privacam.policy.loader import LoadedSpec
from privacam.policy.retention import deployment_retention
from privacam.policy.spec import Case, Deployment
from privacam.records import RECORD_KINDS, utc
from privacam.store.ledger_tables import incidents, rights_requests
from privacam.store.quarantine import quarantine_for
from privacam.store.retention import retention_rules
from privacam.store.store import Store
from privacam.store.tables import TABLES, vault_exclusions, vault_templates

#: The data class of the operator's own registers (requests, incidents): records of
#: accountability rather than data about the people captured.
ACCOUNTABILITY = "accountability"
#: Where ``privacam anonymize`` keeps its manifests beside the masked outputs
#: (``privacam.cases.street.job.MANIFEST_DIR``; a test holds the two equal).
MANIFEST_DIR = "_privacam"


@dataclass(frozen=True)
class Holding:
    """One kind of thing held: how many, since when, and when the next one goes."""

    #: A record kind, or vault_templates, vault_exclusions, rights_requests, incidents,
    #: quarantine, masked_outputs.
    what: str
    #: statistics, personal, identifier, or accountability.
    data_class: str
    rows: int
    oldest: datetime | None
    next_expiry: datetime | None
    #: None: no retention period applies (kept as the record of what was done).
    retention: timedelta | None
    #: What happens at expiry: delete or aggregate (reduced to statistics first).
    at_expiry: str = "delete"
    #: The newest item's time (record kinds only).
    newest: datetime | None = None


def _aware(value: Any) -> datetime | None:
    """An aggregate's time as aware UTC: SQLite hands min() of a time column back as text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _later(oldest: datetime | None, period: timedelta | None) -> datetime | None:
    return None if oldest is None or period is None else oldest + period


def record_holdings(connection: Connection, spec: Deployment) -> list[Holding]:
    """One holding per record kind that has rows, in kind order."""
    rules = retention_rules(spec)
    found = []
    for name, table in sorted(TABLES.items()):
        kind = RECORD_KINDS[name]
        time = table.c[kind.time_field]
        count, oldest, newest = connection.execute(
            select(func.count(), func.min(time), func.max(time))
        ).one()
        if not count:
            continue
        rule = rules[kind.retention_key]
        oldest = _aware(oldest)
        found.append(
            Holding(
                name,
                kind.data_class.value,
                count,
                oldest,
                _later(oldest, rule.period),
                rule.period,
                rule.at_expiry,
                _aware(newest),
            )
        )
    return found


def vault_holdings(connection: Connection, loaded: LoadedSpec) -> list[Holding]:
    """The vault's templates and exclusion templates: each expires at its ``expires_at``
    or earlier, should the deployment's retention have been shortened since."""
    found = []
    for what, table, since, key in (
        ("vault_templates", vault_templates, "first_seen", "face_features"),
        ("vault_exclusions", vault_exclusions, "created_at", "exclusion_templates"),
    ):
        period = deployment_retention(loaded.spec, key).period
        count, oldest, soonest = connection.execute(
            select(func.count(), func.min(table.c[since]), func.min(table.c.expires_at))
        ).one()
        oldest, soonest = _aware(oldest), _aware(soonest)
        expiries = [t for t in (soonest, _later(oldest, period)) if t is not None]
        found.append(
            Holding(what, "identifier", count, oldest, min(expiries, default=None), period)
        )
    return found


def ledger_holdings(connection: Connection) -> list[Holding]:
    """The request log and the incident register: counted, never expired."""
    found = []
    for what, table, since in (
        ("rights_requests", rights_requests, "received_at"),
        ("incidents", incidents, "discovered_at"),
    ):
        count, oldest = connection.execute(select(func.count(), func.min(table.c[since]))).one()
        found.append(Holding(what, ACCOUNTABILITY, count, _aware(oldest), None, None))
    return found


def quarantine_holding(loaded: LoadedSpec) -> Holding | None:
    """Case ⑤'s quarantine of encrypted originals, when the deployment keeps one."""
    quarantine = quarantine_for(loaded)
    if quarantine is None:
        return None
    entries = quarantine.entries()
    return Holding(
        "quarantine",
        "personal",
        len(entries),
        min((e.created for e in entries), default=None),
        min((e.expires for e in entries), default=None),
        quarantine.retention,
    )


def masked_output_holding(store: Store, loaded: LoadedSpec) -> Holding | None:
    """Case ⑤'s masked outputs: one manifest each, in the output folders the audit log's
    ``anonymize.start`` entries name; their age is the manifest's ``written_at``."""
    folders = {Path(e.subject) for e in store.audit.entries() if e.action == "anonymize.start"}
    if loaded.spec.case is not Case.street and not folders:
        return None
    written: list[datetime] = []
    for folder in sorted(folders):
        manifests = folder / MANIFEST_DIR / "manifests"
        for manifest in sorted(manifests.rglob("*.json")) if manifests.is_dir() else ():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                written.append(utc(datetime.fromisoformat(data["written_at"])))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not a manifest privacam wrote: not privacam's output
    period = deployment_retention(loaded.spec, "masked_images").period
    oldest = min(written, default=None)
    return Holding(
        "masked_outputs", "personal", len(written), oldest, _later(oldest, period), period
    )


def holdings(store: Store, loaded: LoadedSpec) -> list[Holding]:
    """Everything the deployment holds now, grouped by data class in the order
    identifier, personal, statistics, accountability."""
    with store.engine.connect() as connection:
        # The vault is case ③'s: another deployment lists it only should it hold anything.
        vault = [
            h
            for h in vault_holdings(connection, loaded)
            if h.rows or loaded.spec.case is Case.repeat
        ]
        found = [*record_holdings(connection, loaded.spec), *vault, *ledger_holdings(connection)]
    found += [h for h in (quarantine_holding(loaded), masked_output_holding(store, loaded)) if h]
    order = {"identifier": 0, "personal": 1, "statistics": 2, ACCOUNTABILITY: 3}
    return sorted(found, key=lambda h: order.get(h.data_class, 4))
