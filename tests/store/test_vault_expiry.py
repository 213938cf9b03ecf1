"""Retention: expired templates are shredded by the sweeper and `purge`, their visits folded."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from privacam.records import RepeatVisit, RepeatVisitWindow
from privacam.store import Store, sweep
from privacam.store.tables import vault_keys, vault_templates
from privacam.store.vault import Vault

from .conftest import as_loaded, deployment
from .vault_helpers import MODEL, random_feature, visit

FIRST = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)  # noon in Tokyo


def repeat_spec(days: int = 30, **items: dict):
    return deployment(
        "repeat",
        face_features={"retention": f"{days}d", "data_class": "identifier"},
        **items,
    )


def enrol_at(store: Store, spec, when: datetime, feature) -> str:
    with time_machine.travel(when, tick=False):
        return Vault.for_deployment(store, spec, model=MODEL).enrol(
            feature, store_id="ikebukuro", seen_at=when
        )


def templates_and_keys(store: Store) -> tuple[list[str], int]:
    with store.engine.connect() as connection:
        visitors = connection.execute(select(vault_templates.c.visitor_id)).scalars().all()
        keys = len(connection.execute(select(vault_keys.c.owner_id)).all())
    return sorted(visitors), keys


def test_purge_shreds_an_expired_template_and_folds_its_visits_into_statistics(
    store: Store, rng
) -> None:
    spec = repeat_spec(days=30)
    old_face, new_face = random_feature(rng), random_feature(rng)
    old = enrol_at(store, spec, FIRST, old_face)
    recent = enrol_at(store, spec, FIRST + timedelta(days=20), new_face)
    store.write(
        [
            visit(old, FIRST, store_id="ikebukuro"),
            visit(old, FIRST + timedelta(days=3), repeat=True, store_id="ikebukuro"),
            visit(recent, FIRST + timedelta(days=20), store_id="ikebukuro"),
        ]
    )
    now = FIRST + timedelta(days=31)
    with time_machine.travel(now, tick=False):
        report = sweep(store, as_loaded(spec), now)
        vault = Vault.for_deployment(store, spec, model=MODEL)
        assert vault.match(old_face, threshold=0.9, margin=0.02) is None
        assert vault.match(new_face, threshold=0.9, margin=0.02).visitor_id == recent

    assert templates_and_keys(store) == ([recent], 1)
    assert [v.visitor_id for v in store.read(RepeatVisit)] == [recent]
    windows = store.read(RepeatVisitWindow)
    assert sum(w.visits for w in windows) == 2
    assert sum(w.repeat_visits for w in windows) == 1 and sum(w.new_visitors for w in windows) == 1
    assert report.deleted["vault_templates"] == 1 and report.deleted["repeat_visits"] == 2
    entry = next(e for e in store.audit.entries() if e.action == "purge")
    assert json.loads(entry.details)["deleted"]["vault_templates"] == 1


def test_a_shortened_retention_expires_templates_enrolled_under_the_longer_one(
    store: Store, rng
) -> None:
    enrol_at(store, repeat_spec(days=180), FIRST, random_feature(rng))
    now = FIRST + timedelta(days=40)
    report = sweep(store, as_loaded(repeat_spec(days=30)), now)
    assert report.deleted["vault_templates"] == 1
    assert templates_and_keys(store) == ([], 0)


def test_a_template_within_its_retention_survives_the_sweep(store: Store, rng) -> None:
    visitor = enrol_at(store, repeat_spec(days=30), FIRST, random_feature(rng))
    report = sweep(store, as_loaded(repeat_spec(days=30)), FIRST + timedelta(days=29))
    assert report.deleted["vault_templates"] == 0
    assert templates_and_keys(store) == ([visitor], 1)


def test_an_expired_template_is_not_matched_even_before_the_sweep(store: Store, rng) -> None:
    spec = repeat_spec(days=30)
    face = random_feature(rng)
    enrol_at(store, spec, FIRST, face)
    with time_machine.travel(FIRST + timedelta(days=31), tick=False):
        vault = Vault.for_deployment(store, spec, model=MODEL)
        assert vault.match(face, threshold=0.9, margin=0.02) is None


def test_visits_are_deleted_without_statistics_when_visit_history_says_delete(
    store: Store, rng
) -> None:
    spec = repeat_spec(
        days=30,
        visit_history={"retention": "180d", "data_class": "personal", "at_expiry": "delete"},
    )
    visitor = enrol_at(store, spec, FIRST, random_feature(rng))
    store.write([visit(visitor, FIRST, store_id="ikebukuro")])
    sweep(store, as_loaded(spec), FIRST + timedelta(days=31))
    assert store.read(RepeatVisit) == [] and store.read(RepeatVisitWindow) == []


def test_visits_past_their_own_retention_are_folded_before_deletion(store: Store, rng) -> None:
    spec = repeat_spec(
        days=180,
        visit_history={"retention": "30d", "data_class": "personal", "at_expiry": "aggregate"},
    )
    visitor = enrol_at(store, spec, FIRST, random_feature(rng))
    store.write([visit(visitor, FIRST, store_id="ikebukuro")])
    report = sweep(store, as_loaded(spec), FIRST + timedelta(days=31))
    assert store.read(RepeatVisit) == [] and report.deleted["repeat_visits"] == 1
    assert [w.visits for w in store.read(RepeatVisitWindow)] == [1]
    assert templates_and_keys(store)[1] == 1  # the template itself lives on


def test_expired_exclusion_templates_are_shredded(store: Store, rng) -> None:
    spec = repeat_spec(days=30)
    with time_machine.travel(FIRST, tick=False):
        Vault.for_deployment(store, spec, model=MODEL).add_exclusion(
            random_feature(rng), reason="opt-out"
        )
    kept = sweep(store, as_loaded(spec), FIRST + timedelta(days=364))
    gone = sweep(store, as_loaded(spec), FIRST + timedelta(days=366))
    assert kept.deleted["vault_exclusions"] == 0 and gone.deleted["vault_exclusions"] == 1
    assert templates_and_keys(store)[1] == 0


def test_vault_expire_by_hand_is_audited_with_counts_only(store: Store, rng) -> None:
    spec = repeat_spec(days=30)
    visitor = enrol_at(store, spec, FIRST, random_feature(rng))
    store.write([visit(visitor, FIRST, store_id="ikebukuro")])
    vault = Vault.for_deployment(store, spec, model=MODEL)
    expiry = vault.expire(FIRST + timedelta(days=31))
    assert (expiry.templates, expiry.visitors, expiry.visits) == (1, 1, 1)
    entry = next(e for e in store.audit.entries() if e.action == "vault.expire")
    assert visitor not in entry.details and json.loads(entry.details)["templates"] == 1
