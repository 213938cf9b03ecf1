"""Load on the central server: ingest records/s through the push endpoint, and p50/p99
latency of the public congestion feed at 50 concurrent clients, on SQLite and PostgreSQL.

The real app runs under uvicorn in a process of its own on 127.0.0.1 (never another
address), over a fresh store: a temporary SQLite file, and with ``--postgres-url`` a fresh
schema in that database (dropped afterwards). The clients are httpx (async) in this
process. Everything is bounded: ``--records`` pushed in batches of ``--batch``,
``--feed-requests`` feed requests, and ``--time-limit`` seconds per phase. It exits 1 when
it measured nothing (no phase completed a request), 2 on bad input.

    .venv/bin/python benchmarks/bench_server.py --postgres-url "$PRIVACAM_TEST_POSTGRES_URL"
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from server_process import ServerProcess, fresh_postgres_schema  # beside this script

PUSH = "/api/v1/push"
FEED = "/api/v1/congestion"
#: Until the feed is served, the phase measures this public route instead (and says so).
FEED_STAND_IN = "/api/health"


@dataclass
class Phase:
    """What one phase measured: request latencies (s), errors, records, wall time."""

    name: str
    path: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    records: int = 0
    elapsed_s: float = 0.0
    #: Why the phase measured nothing, or what it measured instead.
    note: str = ""

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", help="also measure on this PostgreSQL database")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--clients", type=int, default=50, help="concurrent feed clients")
    parser.add_argument("--feed-requests", type=int, default=2000)
    parser.add_argument("--records", type=int, default=20000, help="records to push")
    parser.add_argument("--batch", type=int, default=500, help="records per push")
    parser.add_argument("--push-clients", type=int, default=4, help="concurrent pushers")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per phase")
    args = parser.parse_args(argv)
    positive = ("clients", "feed_requests", "batch", "push_clients", "time_limit")
    bad = [name for name in positive if getattr(args, name) <= 0]
    if args.records < 0:
        bad.append("records")
    if bad or (args.no_sqlite and not args.postgres_url):
        what = ", ".join(f"--{name.replace('_', '-')}" for name in bad) or "--no-sqlite"
        parser.exit(
            2, f"bench_server: {what}: must be positive (and --no-sqlite needs --postgres-url)\n"
        )
    return args


async def measure_feed(
    base_url: str, path: str, *, clients: int, requests: int, time_limit: float
) -> Phase:
    """``requests`` GETs of ``path`` by ``clients`` concurrent clients, each timed."""
    phase = Phase("feed", path)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + time_limit
    remaining = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:

        async def one_client() -> None:
            for _ in remaining:
                if loop.time() > deadline:
                    return
                started = loop.time()
                try:
                    response = await client.get(path)
                except httpx.HTTPError as error:
                    phase.error(type(error).__name__)
                    continue
                if response.status_code == 200:
                    phase.latencies.append(loop.time() - started)
                else:
                    phase.error(f"HTTP {response.status_code}")

        started = loop.time()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        phase.elapsed_s = loop.time() - started
    return phase


def crowd_batches(records: int, batch: int, camera_id: str = "cam1") -> list[dict]:
    """``records`` one-minute crowd windows ending now, as push batches of ``batch``.

    Each has its own id and window, so every record is new to the server (no replays).
    """
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    items = []
    for index in range(records):
        start = now - timedelta(minutes=records - index)
        moving, still = (index * 7) % 40 + 2, (index * 3) % 12
        items.append(
            {
                "id": str(uuid.uuid4()),
                "kind": "crowd_intervals",
                "record": {
                    "window_start": start.isoformat().replace("+00:00", "Z"),
                    "window_end": (start + timedelta(minutes=1)).isoformat().replace("+00:00", "Z"),
                    "camera_id": camera_id,
                    "area": "concourse",
                    "moving": moving,
                    "still": still,
                    "congestion_level": sum(moving + still >= t for t in (10, 30, 60)),
                },
            }
        )
    return [{"records": items[i : i + batch]} for i in range(0, len(items), batch)]


async def measure_push(
    base_url: str, token: str, batches: list[dict], *, clients: int, time_limit: float
) -> Phase:
    """POST every batch to the push endpoint with ``clients`` concurrent node senders."""
    phase = Phase("push", PUSH)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + time_limit
    pending = iter(batches)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120) as client:

        async def one_sender() -> None:
            for body in pending:
                if loop.time() > deadline:
                    return
                started = loop.time()
                try:
                    response = await client.post(PUSH, json=body)
                except httpx.HTTPError as error:
                    phase.error(type(error).__name__)
                    continue
                if response.status_code == 200:
                    phase.latencies.append(loop.time() - started)
                    phase.records += response.json().get("accepted", 0)
                else:
                    phase.error(f"HTTP {response.status_code}")

        started = loop.time()
        await asyncio.gather(*(one_sender() for _ in range(clients)))
        phase.elapsed_s = loop.time() - started
    return phase


def report(backend: str, phases: list[Phase]) -> None:
    for phase in phases:
        errors = ", ".join(f"{n}× {what}" for what, n in sorted(phase.errors.items())) or "none"
        note = f"  ({phase.note})" if phase.note else ""
        if not phase.latencies:
            print(f"{backend:10} {phase.name:5} {phase.path:20} nothing measured{note}")
            if phase.errors:
                print(f"{'':10} errors: {errors}")
            continue
        rate = (
            f"{phase.records / phase.elapsed_s:8.0f} records/s"
            if phase.name == "push"
            else f"{len(phase.latencies) / phase.elapsed_s:8.0f} requests/s"
        )
        print(
            f"{backend:10} {phase.name:5} {phase.path:20} {len(phase.latencies):6} ok  {rate}  "
            f"p50 {1000 * phase.percentile(50):7.1f} ms  p99 {1000 * phase.percentile(99):7.1f} ms"
            f"  errors: {errors}{note}"
        )


async def bench_backend(server: ServerProcess, args: argparse.Namespace) -> list[Phase]:
    phases = []
    if server.serves(PUSH) and args.records:
        batches = crowd_batches(args.records, args.batch)
        phases.append(
            await measure_push(
                server.url,
                server.node_token,
                batches,
                clients=args.push_clients,
                time_limit=args.time_limit,
            )
        )
    else:
        phases.append(Phase("push", PUSH, note="the server has no such route"))
    feed = FEED if server.serves(FEED) else FEED_STAND_IN
    phase = await measure_feed(
        server.url,
        feed,
        clients=args.clients,
        requests=args.feed_requests,
        time_limit=args.time_limit,
    )
    if feed != FEED:
        phase.note = f"stand-in: {FEED} is not served yet"
    phases.append(phase)
    return phases


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores")
    print(
        f"{args.clients} feed clients × {args.feed_requests} requests; {args.records} records "
        f"in batches of {args.batch} by {args.push_clients} pushers; ≤ {args.time_limit:.0f} s a phase"
    )
    measured = 0
    with tempfile.TemporaryDirectory(prefix="bench-server-") as folder:
        backends = (
            [] if args.no_sqlite else [("sqlite", f"sqlite:///{Path(folder) / 'central.db'}")]
        )
        if args.postgres_url:
            backends.append(("postgresql", args.postgres_url))
        for backend, url in backends:
            try:
                with (
                    fresh_postgres_schema(url) as store_url,
                    ServerProcess(backend, store_url, Path(folder) / backend) as server,
                ):
                    phases = asyncio.run(bench_backend(server, args))
            except RuntimeError as error:
                print(f"{backend:10} server did not run: {error}", file=sys.stderr)
                continue
            report(backend, phases)
            measured += sum(bool(phase.latencies) for phase in phases)
    if not measured:
        print("bench_server: measured nothing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
