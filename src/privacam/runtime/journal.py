"""A run as the store sees it: the RunRecord, the audit entries, and window batches.

Every batch (the records of the windows one frame completed, with the coverage
span of those windows) is written in one transaction, so a run killed at any
instant leaves whole windows or none. The run's start and end are written with
their audit entries in the same transaction as the RunRecord.

With ``run --push`` each batch's pushable records also go into the edge's outbox in
that same transaction (:func:`privacam.store.outbox.enqueue`), so a window is committed
and queued for the central server together, or neither.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from privacam.policy.loader import LoadedSpec
from privacam.records import Record, RunRecord, RunStatus
from privacam.runtime.output_files import purge_output_files
from privacam.store import PurgeReport, Store, mark_interrupted_runs, sweep
from privacam.store.outbox import enqueue

log = logging.getLogger(__name__)


class RunJournal:
    """Writes one run's records and audit entries to the store (thread-safe counters)."""

    def __init__(
        self, store: Store, loaded: LoadedSpec, run: RunRecord, *, replace: bool = False
    ) -> None:
        self.store = store
        self.loaded = loaded
        self.run = run
        #: Each batch replaces what other runs stored for its span (``run --replace``).
        self.replace = replace
        self._lock = threading.Lock()
        self.records_written = 0
        #: The edge identity to queue pushable records under (``run --push``), else None.
        self.push_edge: str | None = None
        #: Called after each commit that queued records (wakes the push sender).
        self.on_queued: Callable[[], None] | None = None

    @classmethod
    def begin(
        cls,
        store: Store,
        loaded: LoadedSpec,
        *,
        sources: Sequence[str],
        model_digests: Mapping[str, str],
        details: Mapping[str, Any] | None = None,
        replace: bool = False,
        recordings: Mapping[str, str] | None = None,
        recording_start: datetime | None = None,
    ) -> RunJournal:
        """Write the RunRecord (status running) and audit ``run.start`` together, after
        marking the runs that a killed process left ``running`` as interrupted."""
        mark_interrupted_runs(store)
        run = RunRecord.begin(
            deployment_sha256=loaded.sha256,
            case=loaded.spec.case.value,
            source=", ".join(sources),
            model_digests=model_digests,
            recordings=recordings,
            recording_start=recording_start,
        )
        with store.transaction() as tx:
            tx.write([run])
            tx.audit(
                "run.start",
                run.run_id,
                {
                    "deployment_sha256": loaded.sha256,
                    "case": run.case,
                    "sources": list(sources),
                    "model_digests": dict(model_digests),
                    "replace": replace,
                    "recordings": dict(recordings or {}),
                    **dict(details or {}),
                },
            )
        log.info("run %s started: deployment %s, case %s", run.run_id, loaded.short_hash, run.case)
        return cls(store, loaded, run, replace=replace)

    def commit(self, records: Sequence[Record]) -> int:
        """Write one batch in one transaction; returns the number of rows written."""
        if not records:
            return 0
        queued = 0
        with self.store.transaction() as tx:
            written = tx.write(records, run_id=self.run.run_id, replace=self.replace)
            if self.push_edge is not None:
                queued = enqueue(tx, self.push_edge, records, now=datetime.now(UTC))
        with self._lock:
            self.records_written += written
        if queued and self.on_queued is not None:
            self.on_queued()
        return written

    def end(self, status: RunStatus, details: Mapping[str, Any]) -> RunRecord:
        """Mark the run finished and audit ``run.end`` (how it ended, what was kept), together."""
        finished = self.run.finished(status, now=datetime.now(UTC))
        with self.store.transaction() as tx:
            tx.write([finished])
            tx.audit(
                "run.end",
                finished.run_id,
                {"status": status, "records_written": self.records_written, **dict(details)},
            )
        self.run = finished
        return finished

    def sweep(self) -> PurgeReport:
        """Run the retention sweeper now (it audits itself when it deletes anything): the
        case's expired output files first, while the rows that name them still exist."""
        purge_output_files(self.store, self.loaded)
        report = sweep(self.store, self.loaded)
        if report.total_deleted:
            log.info("retention sweep during run %s: %s", self.run.run_id, report.details())
        return report


class PeriodicSweeper:
    """Calls ``journal.sweep()`` at the start and then every ``interval_s`` seconds."""

    def __init__(
        self, journal: RunJournal, interval_s: float, clock: Callable[[], float] | None = None
    ) -> None:
        self.journal = journal
        self.interval_s = interval_s
        self._clock = clock or time.monotonic
        self._next = self._clock()
        self.sweeps = 0

    def maybe_sweep(self) -> PurgeReport | None:
        now = self._clock()
        if now < self._next:
            return None
        self._next = now + self.interval_s
        self.sweeps += 1
        return self.journal.sweep()
