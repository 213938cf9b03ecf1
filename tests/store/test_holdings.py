"""What is held now (privacam.store.holdings), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np

from privacam.cases.street.job import MANIFEST_DIR as STREET_MANIFEST_DIR
from privacam.rights.incidents import IncidentRegister
from privacam.rights.requests import RequestLog
from privacam.store import Store, Vault
from privacam.store.holdings import MANIFEST_DIR, holdings
from tests.store.conftest import T0, as_loaded, deployment, line_count, trajectory


def by_what(found):
    return {h.what: h for h in found}


def test_the_manifest_folder_is_the_one_anonymize_writes() -> None:
    assert MANIFEST_DIR == STREET_MANIFEST_DIR


def test_record_holdings_give_rows_oldest_and_next_expiry_from_the_retention_schedule(
    store: Store,
) -> None:
    loaded = as_loaded(
        deployment(
            "flow",
            trajectories={"retention": "30d", "data_class": "personal", "at_expiry": "aggregate"},
        )
    )
    store.write([trajectory(T0), trajectory(T0 + timedelta(hours=2)), line_count(T0, count=3)])
    held = by_what(holdings(store, loaded))
    paths = held["trajectories"]
    assert (paths.rows, paths.data_class) == (2, "personal")
    assert paths.oldest == T0 + timedelta(seconds=120)  # ended_at of the older visit
    assert paths.next_expiry == paths.oldest + timedelta(days=30)
    assert paths.at_expiry == "aggregate"
    assert held["line_counts"].rows == 1 and held["line_counts"].data_class == "statistics"
    assert "heatmaps" not in held  # no rows: not listed


def test_vault_holdings_count_templates_and_exclusions_without_opening_them(store: Store) -> None:
    spec = deployment("repeat")
    loaded = as_loaded(spec)
    vault = Vault.for_deployment(store, spec, model="dlib_resnet")
    rng = np.random.default_rng(3)
    feature = rng.normal(size=128)
    vault.enrol(feature / np.linalg.norm(feature), store_id="ikebukuro", seen_at=T0)
    other = rng.normal(size=128)
    vault.add_exclusion(other / np.linalg.norm(other), reason="opt-out R-1", now=T0)
    held = by_what(holdings(store, loaded))
    templates = held["vault_templates"]
    assert (templates.rows, templates.data_class, templates.oldest) == (1, "identifier", T0)
    assert templates.next_expiry == T0 + templates.retention
    assert held["vault_exclusions"].rows == 1
    assert held["vault_exclusions"].next_expiry == T0 + held["vault_exclusions"].retention


def test_requests_and_incidents_are_counted_and_never_expire(store: Store) -> None:
    spec = deployment("counting")
    RequestLog(store, spec, clock=lambda: T0).receive("disclosure", reference="R-7")
    IncidentRegister(store, spec, clock=lambda: T0).record(
        summary="lost laptop",
        cause="theft",
        data_items=["statistics"],
        people=0,
        discovered_at=T0,
    )
    held = by_what(holdings(store, as_loaded(spec)))
    assert (held["rights_requests"].rows, held["rights_requests"].next_expiry) == (1, None)
    assert held["rights_requests"].oldest == T0
    assert (held["incidents"].rows, held["incidents"].retention) == (1, None)


def test_masked_outputs_are_found_through_the_folders_the_audit_log_names(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "masked"
    manifests = out / MANIFEST_DIR / "manifests"
    manifests.mkdir(parents=True)
    for n, day in enumerate((3, 1)):
        written = (T0 + timedelta(days=day)).isoformat()
        (manifests / f"img{n}.jpg.json").write_text(f'{{"written_at": "{written}", "output": "x"}}')
    (manifests / "broken.json").write_text("not json")
    store.audit.append("anonymize.start", str(out), {})
    held = by_what(holdings(store, as_loaded(deployment("street"))))
    masked = held["masked_outputs"]
    assert (masked.rows, masked.oldest) == (2, T0 + timedelta(days=1))
    assert masked.next_expiry == masked.oldest + masked.retention


def test_a_deployment_without_a_vault_lists_none_unless_it_holds_templates(store: Store) -> None:
    assert "vault_templates" not in by_what(holdings(store, as_loaded(deployment("counting"))))
    assert by_what(holdings(store, as_loaded(deployment("repeat"))))["vault_templates"].rows == 0
