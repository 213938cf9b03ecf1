"""Runs whose process is gone: a run killed with SIGKILL never writes its own end.

Every :class:`~privacam.records.RunRecord` names the process doing it (host, pid,
start time). :func:`mark_interrupted_runs` finds the runs still ``running`` whose
process no longer exists on this host, marks each ``interrupted`` with ``ended_at``
the time it was found, and audits that as the run's ``run.end``: so every
``run.start`` in the audit log gets its ``run.end``. ``privacam run`` calls it
before a new run starts and ``privacam audit verify`` after a chain verifies.

A run on another host cannot be checked from here and is left as it is; so are
runs written before the process was recorded.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import func, select, update

from privacam.records import Coverage, RunRecord
from privacam.store.store import Store, from_row
from privacam.store.tables import table_for

log = logging.getLogger(__name__)

#: Why such a run ended, in the audit entry.
REASON = "process gone: the run was killed before it could record its end"


def mark_interrupted_runs(store: Store, *, now: datetime | None = None) -> list[RunRecord]:
    """Mark the runs whose process is gone ``interrupted`` (one transaction and one
    ``run.end`` entry each); returns them as marked."""
    runs = table_for(RunRecord)
    with store.engine.connect() as connection:
        running = [
            from_row(RunRecord, row._mapping)
            for row in connection.execute(select(runs).where(runs.c.status == "running"))
        ]
    marked = []
    for run in running:
        process = run.process
        if process is None or process.is_running() is not False:
            continue
        found_at = max(now or datetime.now(UTC), run.started_at)
        with store.transaction() as tx:
            changed = tx.connection.execute(
                update(runs)
                .where(runs.c.run_id == run.run_id, runs.c.status == "running")
                .values(status="interrupted", ended_at=found_at)
            ).rowcount
            if not changed:  # another privacam marked it first
                continue
            coverage = table_for(Coverage)
            last_data = tx.connection.execute(
                select(func.max(coverage.c.end)).where(coverage.c.run_id == run.run_id)
            ).scalar()
            tx.audit(
                "run.end",
                run.run_id,
                {
                    "status": "interrupted",
                    "reason": REASON,
                    "found_at": found_at,
                    "last_coverage_end": last_data,
                    "host": process.host,
                    "pid": process.pid,
                    "process_started_at": process.started_at,
                },
            )
        finished = run.finished("interrupted", now=found_at)
        log.warning(
            "実行 %s のプロセス %d（%s）は終了しています。中断として記録しました / run %s: its "
            "process %d on %s is gone; marked interrupted",
            run.run_id,
            process.pid,
            process.host,
            run.run_id,
            process.pid,
            process.host,
        )
        marked.append(finished)
    return marked
