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


def measured(stdout: str, backend: str, phase: str) -> str:
    """The line of ``phase`` on ``backend`` that reports requests done ("N ok")."""
    lines = [
        line
        for line in stdout.splitlines()
        if line.split()[:2] == [backend, phase] and " ok " in line
    ]
    assert lines, stdout
    return lines[0]


@pytest.mark.slow
def test_the_server_benchmark_reports_push_records_per_second_and_feed_percentiles():
    done = bench_server(
        *("--clients", "5", "--feed-requests", "30", "--records", "100", "--batch", "50"),
        *("--push-clients", "1", "--time-limit", "30"),
    )
    assert done.returncode == 0, done.stderr
    assert "load average" in done.stdout
    push = measured(done.stdout, "sqlite", "push")
    assert "/api/v1/push" in push and " 2 ok" in push and "records/s" in push
    feed = measured(done.stdout, "sqlite", "feed")
    assert "/api/v1/congestion" in feed and " 30 ok" in feed
    assert "p50" in feed and "p99" in feed and "errors: none" in feed


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
