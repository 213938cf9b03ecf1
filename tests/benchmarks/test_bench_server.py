"""The server benchmark runs the real server on loopback, bounded, and fails loudly when it
measured nothing (run as a subprocess, as a user runs it, with tiny counts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def bench_server(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_server.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_the_server_benchmark_reports_feed_latency_percentiles_on_sqlite():
    done = bench_server(
        "--clients",
        "5",
        "--feed-requests",
        "30",
        "--records",
        "100",
        "--batch",
        "50",
        "--time-limit",
        "20",
    )
    assert done.returncode == 0, done.stderr
    assert "load average" in done.stdout
    feed = [
        line
        for line in done.stdout.splitlines()
        if line.startswith("sqlite") and " feed " in line and " ok " in line
    ]
    assert feed and "p50" in feed[0] and "p99" in feed[0], done.stdout
    assert " 30 ok" in feed[0]


def test_the_server_benchmark_exits_1_when_it_measured_nothing():
    done = bench_server(
        "--no-sqlite",
        "--postgres-url",
        "postgresql+psycopg://nobody:x@127.0.0.1:9/none",
        "--feed-requests",
        "5",
    )
    assert done.returncode == 1
    assert "measured nothing" in done.stderr


@pytest.mark.parametrize("args", [["--clients", "0"], ["--records", "-1"], ["--no-sqlite"]])
def test_the_server_benchmark_refuses_bad_bounds_with_exit_2(args):
    done = bench_server(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
