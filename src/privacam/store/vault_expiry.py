"""Expiry of the vault: templates past their retention are shredded with their visits.

A visitor template expires at its ``expires_at`` (its first visit plus the retention in
force when it was enrolled), or earlier when the deployment's ``face_features``
retention has since been shortened: ``first_seen + retention``. When a visitor has no
template left, their visits go too, first folded into the window statistics
(:mod:`privacam.store.fold_visits`) unless the ``visit_history`` item says
``at_expiry: delete``. Exclusion (opt-out) templates expire the same way under the
``exclusion_templates`` retention, counted from the request.

Expiry needs no master key: deleting a wrapped key does not require opening it. The
sweeper (:func:`privacam.store.retention.sweep`) runs it inside its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, or_, select

from privacam.policy.spec import Deployment
from privacam.store.fold_visits import fold_visits
from privacam.store.tables import vault_exclusions, vault_templates
from privacam.store.vault_shred import (
    chunks,
    delete_visits,
    shred_exclusions,
    shred_templates,
    visits_of,
)


@dataclass(frozen=True)
class VisitFolding:
    """How expiring visits become statistics: the window size and the deployment's zone."""

    window: timedelta
    timezone: str


@dataclass(frozen=True)
class VaultExpiry:
    """What one expiry deleted (counts only: no identifier goes into a report or the log)."""

    templates: int = 0
    visitors: int = 0
    visits: int = 0
    exclusions: int = 0
    folded_windows: int = 0

    @property
    def total(self) -> int:
        return self.templates + self.visits + self.exclusions


def expire_vault(
    connection: Connection,
    *,
    now: datetime,
    retention: timedelta,
    exclusion_retention: timedelta,
    folding: VisitFolding | None,
) -> VaultExpiry:
    """Shred every expired template and exclusion, and the visits of visitors left with
    no template (folded first when ``folding`` is given), in ``connection``'s transaction."""
    t = vault_templates
    expired = connection.execute(
        select(t.c.template_id, t.c.visitor_id).where(
            or_(t.c.expires_at <= now, t.c.first_seen <= now - retention)
        )
    ).all()
    template_ids = [row.template_id for row in expired]
    candidates = sorted({row.visitor_id for row in expired})
    templates = shred_templates(connection, template_ids)
    still_held: set[str] = set()
    for chunk in chunks(candidates):
        query = select(t.c.visitor_id).where(t.c.visitor_id.in_(chunk)).distinct()
        still_held.update(connection.execute(query).scalars())
    gone = [visitor for visitor in candidates if visitor not in still_held]
    folded = 0
    if folding is not None and gone:
        folded = fold_visits(
            connection, visits_of(connection, gone), folding.window, folding.timezone
        )
    visits = delete_visits(connection, gone)
    e = vault_exclusions
    exclusion_ids = connection.execute(
        select(e.c.exclusion_id).where(
            or_(e.c.expires_at <= now, e.c.created_at <= now - exclusion_retention)
        )
    ).scalars()
    exclusions = shred_exclusions(connection, list(exclusion_ids))
    return VaultExpiry(templates, len(gone), visits, exclusions, folded)


_DEFAULT_VISIT_WINDOW = timedelta(hours=1)


def visit_folding(spec: Deployment) -> VisitFolding | None:
    """How expiring visits become statistics, or None when ``visit_history`` says delete.

    The window is the repeat case's own when its settings have one (so the folded rows
    fall into the windows the case writes), else an hour, like the flow case's default.
    """
    item = spec.data_item("visit_history")
    if item is not None and item.at_expiry == "delete":
        return None
    repeat = spec.case_settings.repeat
    window = getattr(repeat, "window", None) or _DEFAULT_VISIT_WINDOW
    return VisitFolding(window, spec.timezone)
