"""The vault as case ③'s gallery, its status, and the gallery-size warning."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import numpy as np
import pytest

from privacam.policy import face_matching
from privacam.policy.face_matching import MatchCalibration
from privacam.store import Store
from privacam.store.vault import Vault
from privacam.store.vault_gallery import VaultGallery

from .conftest import deployment
from .vault_helpers import MODEL, T0, at_similarity, near, random_feature


@pytest.fixture
def small_gallery_limit(monkeypatch) -> MatchCalibration:
    calibration = MatchCalibration(
        model=MODEL,
        safe_threshold=0.9,
        true_accept_rate=0.95,
        false_accept_rate=0.004,
        different_pairs=1000,
        gallery_limit=2,
        measured_on="a monkeypatched test calibration",
    )
    monkeypatch.setitem(face_matching.CALIBRATIONS, MODEL, calibration)
    return calibration


def test_the_vault_warns_when_it_holds_more_templates_than_the_gallery_limit(
    store: Store, rng, small_gallery_limit, caplog
) -> None:
    vault = Vault(store, model=MODEL)
    with caplog.at_level(logging.WARNING, logger="privacam.store.vault"):
        for _ in range(2):
            vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
        assert "gallery limit" not in caplog.text and vault.status().warnings == []
        vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    assert "gallery limit 2" in caplog.text
    (warning,) = vault.status().warnings
    assert "holds 3 templates" in warning and "上限 2" in warning
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="privacam.store.vault"):
        Vault(store, model=MODEL).match(random_feature(rng), threshold=0.9, margin=0.02)
    assert "gallery limit 2" in caplog.text  # a run that only matches is warned too


def test_no_gallery_warning_for_a_model_without_calibration(store: Store, rng) -> None:
    vault = Vault(store, model="uncalibrated")
    for _ in range(3):
        vault.enrol(random_feature(rng), store_id="s1", seen_at=T0)
    assert vault.status().warnings == []


def test_status_counts_what_the_vault_holds_without_opening_it(store: Store, rng) -> None:
    vault = Vault(store, model=MODEL)
    for days in (0, 1):
        vault.enrol(random_feature(rng), store_id="s1", seen_at=T0 + timedelta(days=days))
    vault.add_exclusion(random_feature(rng), reason="opt-out")
    status = Vault(store, model=MODEL, master_key=b"\0" * 32).status()  # no key needed
    assert (status.templates, status.visitors, status.exclusions) == (2, 2, 1)
    assert status.models == {MODEL: 2} and status.oldest_first_seen == T0
    assert status.next_expiry == T0 + vault.retention
    assert len(status.master_key_ids) == 1


def test_the_gallery_follows_the_deployment_threshold_and_stores(store: Store, rng) -> None:
    spec = deployment("repeat")  # the measured match_threshold (0.96), stores [ikebukuro]
    gallery = VaultGallery.for_deployment(store, spec, model=MODEL)
    assert gallery.threshold == pytest.approx(spec.case_settings.repeat.match_threshold)
    assert gallery.threshold == pytest.approx(0.96)
    face = random_feature(rng)
    visitor = gallery.enrol(face, seen_at=T0, store_id="ikebukuro")
    assert gallery.match(near(face, rng)).visitor_id == visitor
    assert gallery.match(random_feature(rng)) is None
    with pytest.raises(ValueError, match="not one of this operator's stores"):
        gallery.enrol(random_feature(rng), seen_at=T0, store_id="shibuya")


def test_an_opted_out_face_just_below_the_match_threshold_is_still_excluded(
    store: Store, rng
) -> None:
    gallery = VaultGallery(Vault(store, model=MODEL), threshold=0.9, margin=0.05)
    carol = random_feature(rng)
    gallery.vault.add_exclusion(carol, reason="opt-out")
    # A capture of carol at similarity 0.875: below the match threshold, above 0.85.
    other = random_feature(rng)
    capture = at_similarity(carol, other, 0.875)
    assert float(np.dot(capture, carol)) == pytest.approx(0.875, abs=1e-5)
    assert gallery.is_excluded(capture)
    assert not gallery.is_excluded(other)


def test_closing_the_gallery_audits_the_runs_matching_once(store: Store, rng) -> None:
    face = random_feature(rng)
    with VaultGallery(Vault(store, model=MODEL), threshold=0.9, run_id="run-7") as gallery:
        gallery.enrol(face, seen_at=T0, store_id="s1")
        for _ in range(3):
            gallery.match(near(face, rng))
    entries = [e for e in store.audit.entries() if e.action == "vault.use"]
    assert [e.subject for e in entries] == ["run-7"]
    assert json.loads(entries[0].details)["matched"] == 3


def test_the_vault_gallery_has_the_signatures_of_the_case_port() -> None:
    import dataclasses
    import inspect

    from privacam.cases.gallery import GalleryMatch, VisitorGallery
    from privacam.store.vault_matching import VaultMatch

    for name in ("is_excluded", "match", "enrol"):
        port = inspect.signature(getattr(VisitorGallery, name))
        ours = inspect.signature(getattr(VaultGallery, name))
        assert list(ours.parameters) == list(port.parameters), name
        kinds = [p.kind for p in ours.parameters.values()]
        assert kinds == [p.kind for p in port.parameters.values()], name
    fields = [f.name for f in dataclasses.fields(VaultMatch)]
    assert fields == [f.name for f in dataclasses.fields(GalleryMatch)]
