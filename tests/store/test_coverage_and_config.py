"""Gaps in coverage are reported as gaps; a new deployment hash is audited once;
concurrent writers keep whole batches and an intact chain."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from privacam.policy.loader import load_spec
from privacam.records import Coverage, LineCount, Outage
from privacam.store import Store, audit_deployment, coverage_gaps, is_covered
from privacam.store.deployment_audit import last_deployment_hash

from .conftest import T0, line_count, loaded_spec

M = timedelta(minutes=1)


def test_an_outage_is_a_gap_not_a_zero(store: Store) -> None:
    store.write(
        [
            Coverage(camera_id="gate", start=T0, end=T0 + 10 * M),
            Outage(camera_id="gate", start=T0 + 10 * M, end=T0 + 25 * M, reason="stream lost"),
            Coverage(camera_id="gate", start=T0 + 25 * M, end=T0 + 60 * M),
            Coverage(camera_id="other", start=T0, end=T0 + 60 * M),
        ]
    )
    assert coverage_gaps(store, "gate", T0, T0 + 60 * M) == [(T0 + 10 * M, T0 + 25 * M)]
    assert coverage_gaps(store, "gate", T0 - 5 * M, T0 + 70 * M) == [
        (T0 - 5 * M, T0),
        (T0 + 10 * M, T0 + 25 * M),
        (T0 + 60 * M, T0 + 70 * M),
    ]
    assert is_covered(store, "gate", T0 + 30 * M, T0 + 45 * M)
    assert not is_covered(store, "gate", T0, T0 + 15 * M)
    assert coverage_gaps(store, "nowhere", T0, T0 + M) == [(T0, T0 + M)]


def test_a_new_deployment_hash_is_audited_once(store_url: str, tmp_path: Path) -> None:
    loaded = loaded_spec(tmp_path, "counting")
    with Store.open(store_url) as store:
        with store.transaction() as tx:
            first = audit_deployment(tx, loaded)
        assert first is not None and first.action == "config.change"
        with store.transaction() as tx:
            assert audit_deployment(tx, loaded) is None  # same file: nothing new
        path = loaded.path
        path.write_text(
            path.read_text(encoding="utf-8").replace("k: 10", "k: 20"), encoding="utf-8"
        )
        changed = load_spec(path)
        assert changed.sha256 != loaded.sha256
        with store.transaction() as tx:
            second = audit_deployment(tx, changed)
        assert second is not None and second.seq == 2
        assert last_deployment_hash(store) == changed.sha256
        assert '"previous_sha256":"' + loaded.sha256 in second.details


def test_concurrent_writers_keep_whole_batches_and_an_intact_chain(store: Store) -> None:
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with store.transaction() as tx:
                    tx.write([line_count(camera_id=f"w{n}-{i}") for _ in range(25)])
                    tx.audit("test.batch", f"w{n}-{i}", {"rows": 25})
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert store.count(LineCount) == 4 * 10 * 25
    report = store.audit.verify()
    assert report.ok and report.entries == 40
