"""Where the work runs: in this process, a local process pool (default), or a Ray cluster.

Each engine yields :class:`ItemResult` in completion order. A process-pool
worker builds its detectors once, with ONNX Runtime and OpenCV on one thread,
so N workers keep N cores busy without oversubscribing them. ``ray`` is an
optional extra (``pip install 'privacam[ray]'``): with ``RAY_ADDRESS`` set it
joins that cluster, otherwise it starts a local one with ``workers`` CPUs.
On a cluster every node must see the input and output paths (shared storage).
"""

from __future__ import annotations

import enum
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from privacam.cases.street.job import Job
from privacam.errors import InputError
from privacam.runtime.batch.inputs import WorkItem
from privacam.runtime.batch.worker import ItemResult, Worker, init_process, process_in_pool
from privacam.vision.detectors.session import inference_started


class Engine(enum.StrEnum):
    """Where a batch runs (``privacam anonymize --engine``)."""

    process = "process"
    ray = "ray"


def run_inline(job: Job, items: list[WorkItem]) -> Iterator[ItemResult]:
    worker = Worker(job)
    for item in items:
        yield worker.process(item)


def start_method() -> str:
    """fork starts workers fastest and is safe while this process holds no inference
    engine (ONNX Runtime or OpenCV DNN threads) and no Ray client: their threads do not
    survive a fork and a child can deadlock. A fresh `privacam anonymize` forks; a
    long-lived process that already ran a detector (a test session, a notebook, `run`
    before `anonymize`) uses forkserver, which forks from a clean server process."""
    if not sys.platform.startswith("linux"):
        return "spawn"
    ray = sys.modules.get("ray")
    ray_running = ray is not None and getattr(ray, "is_initialized", lambda: False)()
    return "forkserver" if inference_started() or ray_running else "fork"


def run_process_pool(job: Job, items: list[WorkItem], workers: int) -> Iterator[ItemResult]:
    if workers <= 1 or len(items) <= 1:
        yield from run_inline(job, items)
        return
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(
        max_workers=min(workers, len(items)),
        mp_context=context,
        initializer=init_process,
        initargs=(job,),
    ) as pool:
        futures = {pool.submit(process_in_pool, item): item for item in items}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # a worker died (out of memory, killed)
                yield ItemResult(futures[future], error=f"worker failed: {error}")


def run_ray(job: Job, items: list[WorkItem], workers: int) -> Iterator[ItemResult]:
    try:
        import ray
        from ray.util import ActorPool
    except ImportError:
        raise InputError(
            "--engine ray needs Ray: pip install 'privacam[ray]' (or use --engine process)"
        ) from None
    started_here = False
    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS")
        options = {"address": address} if address else {"num_cpus": workers}
        ray.init(include_dashboard=False, log_to_driver=False, **options)
        started_here = True
    try:
        actor_class = ray.remote(num_cpus=1)(Worker)
        actors = [actor_class.remote(job) for _ in range(max(1, min(workers, len(items))))]
        pool = ActorPool(actors)
        yield from pool.map_unordered(lambda actor, item: actor.process.remote(item), items)
    finally:
        if started_here:
            ray.shutdown()


def run(job: Job, items: list[WorkItem], engine: str, workers: int) -> Iterator[ItemResult]:
    if not items:
        return iter(())
    if engine == "process":
        return run_process_pool(job, items, workers)
    if engine == "ray":
        return run_ray(job, items, workers)
    raise InputError(f"unknown engine {engine!r}; use process or ray")
