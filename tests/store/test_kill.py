"""A writer killed with SIGKILL mid-way loses no committed batch and leaves no half batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from sqlalchemy import func, select, text

from privacam.store import Store
from privacam.store.tables import line_counts

BATCH = 400
WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from privacam.records import LineCount
from privacam.store import Store

store = Store.open(sys.argv[1])
t0 = datetime(2026, 4, 1, tzinfo=UTC)
batch_size = int(sys.argv[2])
for batch in range(1_000_000):
    records = [
        LineCount(window_start=t0 + timedelta(minutes=i), window_end=t0 + timedelta(minutes=i + 1),
                  camera_id=f"batch-{batch}", line="L1", direction="in", class_name="person",
                  count=i)
        for i in range(batch_size)
    ]
    store.write(records, run_id="killed-run")
    print(batch, flush=True)  # only after the commit returned
"""


def test_sigkill_mid_write_keeps_every_committed_batch_whole(store_url: str) -> None:
    Store.open(store_url).close()  # migrate first, so the writer is writing when killed
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, store_url, str(BATCH)],
        stdout=subprocess.PIPE,
        text=True,
    )
    committed = []
    try:
        for line in writer.stdout:
            committed.append(int(line))
            if len(committed) >= 6:
                break
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    assert len(committed) >= 6, "the writer died before committing six batches"

    with Store.open(store_url) as store, store.engine.connect() as connection:
        sizes = dict(
            connection.execute(
                select(line_counts.c.camera_id, func.count()).group_by(line_counts.c.camera_id)
            ).all()
        )
        if connection.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    for batch in committed:  # nothing committed was lost
        assert sizes.get(f"batch-{batch}") == BATCH, batch
    assert set(sizes.values()) == {BATCH}  # nothing half-written, the one in flight included
    assert len(sizes) in (len(committed), len(committed) + 1)
