"""The edge's sender: posts the outbox to the central server, in order, until it is empty.

One thread per run. It reads the oldest pending rows (:class:`~privacam.store.outbox.Outbox`),
posts them as one batch with the node token, and marks them ``sent`` only when the
server answers 2xx; anything else leaves them pending. Failures back off exponentially
with jitter, bounded by :attr:`Backoff.cap_s`, so a centre that is down for an hour
is neither hammered nor forgotten. A batch the server refuses as invalid (400, 409,
413, 422) is halved until the one bad record is found, which is marked ``rejected`` (kept
and reported by ``privacam push status``) so that it cannot block the rest.
"""

from __future__ import annotations

import json
import logging
import random
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from privacam.runtime.push_target import PushTarget, is_loopback
from privacam.store import Store
from privacam.store.outbox import Backlog, Outbox, OutboxRow

log = logging.getLogger(__name__)

#: How long sent rows stay in the outbox (for ``push status``) before the sender prunes them.
SENT_KEPT = timedelta(days=1)
#: How often a long run's sender prunes them.
PRUNE_EVERY_S = 3600.0

#: Answers that say the batch itself is wrong: retrying it unchanged can never succeed
#: (409: an id the centre holds for another record).
REFUSED = frozenset({400, 409, 413, 422})


@dataclass
class Backoff:
    """Exponential back-off with "equal jitter": the n-th wait after consecutive failures is
    between half and all of ``min(cap, base · 2ⁿ)``, so nodes that lost the same centre
    do not all come back in the same second.

    >>> b = Backoff(base_s=1, cap_s=8, rng=random.Random(1))
    >>> waits = [b.next_wait() for _ in range(6)]
    >>> all(0.5 <= waits[0] <= 1 and w <= 8 for w in waits), waits[-1] >= 4
    (True, True)
    """

    base_s: float = 0.5
    cap_s: float = 30.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_wait(self) -> float:
        ceiling = min(self.cap_s, self.base_s * 2**self.failures)
        self.failures = min(self.failures + 1, 30)  # 2**30 · base is past any cap
        return self.rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0


@dataclass(frozen=True)
class Answer:
    """The server's HTTP status (``None`` when the request never got an answer) and why."""

    status: int | None
    text: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


Post = Callable[[PushTarget, bytes], Answer]


def post_batch(target: PushTarget, body: bytes, timeout_s: float = 15.0) -> Answer:
    """POST one JSON batch with the node token (urllib: no dependency for the edge)."""
    request = urllib.request.Request(
        target.endpoint,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {target.token}", "Content-Type": "application/json"},
    )
    handlers: list[urllib.request.BaseHandler] = []
    if is_loopback(urlsplit(target.endpoint).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))  # never route this machine via a proxy
    handlers.append(urllib.request.HTTPSHandler(context=ssl.create_default_context()))
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout_s) as response:
            return Answer(response.status, response.read(2000).decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(2000).decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Answer(None, str(reason))


def batch_body(rows: Sequence[OutboxRow]) -> bytes:
    records = [{"id": row.push_id, "kind": row.kind, "record": row.record} for row in rows]
    return json.dumps({"records": records}, ensure_ascii=False).encode("utf-8")


class PushSender:
    """Drains one edge store's outbox to ``target`` on a thread of its own."""

    def __init__(
        self,
        store: Store,
        target: PushTarget,
        *,
        batch_size: int = 200,
        backoff: Backoff | None = None,
        post: Post = post_batch,
        idle_s: float = 1.0,
    ) -> None:
        self.outbox = Outbox(store)
        self.target = target
        self.max_batch = batch_size
        self.batch_size = batch_size
        self.backoff = backoff or Backoff()
        self.post = post
        self.idle_s = idle_s
        self.sent = 0
        self.last_error: str | None = None
        self._next_prune = time.monotonic()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ one step

    def send_once(self) -> float | None:
        """Post one batch; returns how long to wait before the next try, or ``None`` when
        the outbox is empty (nothing to do until a window commits)."""
        rows = self.outbox.pending(self.batch_size)
        if not rows:
            return None
        answer = self.post(self.target, batch_body(rows))
        seqs = [row.seq for row in rows]
        if answer.ok:
            self.outbox.mark_sent(seqs, now=datetime.now(UTC))
            self.sent += len(rows)
            self.backoff.reset()
            self.last_error = None
            self.batch_size = min(self.max_batch, self.batch_size * 2)
            return 0.0
        error = f"HTTP {answer.status}: {answer.text[:300]}" if answer.status else answer.text
        self.last_error = error
        if answer.status in REFUSED:
            if len(rows) > 1:  # find the record it refuses: halve, no back-off
                self.batch_size = max(1, len(rows) // 2)
                return 0.0
            self.outbox.mark_rejected(seqs, error)
            log.warning("central server refused record %s: %s", rows[0].push_id, error)
            return 0.0
        self.outbox.mark_failed(seqs, error)
        wait = self.backoff.next_wait()
        log.info("push failed (%s); retrying in %.1f s", error, wait)
        return wait

    # ------------------------------------------------------------------ the thread

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="push-sender", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """A window was committed: look at the outbox now rather than at the next poll."""
        self._wake.set()

    def prune(self) -> int:
        """Forget the rows sent more than :data:`SENT_KEPT` ago (at most once an hour)."""
        if time.monotonic() < self._next_prune:
            return 0
        self._next_prune = time.monotonic() + PRUNE_EVERY_S
        return self.outbox.prune_sent(datetime.now(UTC) - SENT_KEPT)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.prune()
                wait = self.send_once()
            except Exception as error:  # a locked store must not end the sending for good
                log.warning("push sender: %s", error)
                wait = self.backoff.next_wait()
            if wait == 0.0:
                continue
            self._wake.wait(self.idle_s if wait is None else wait)
            self._wake.clear()

    def drain(self, timeout_s: float) -> Backlog:
        """Wait up to ``timeout_s`` for the outbox to empty, stop the thread, and return
        what is left (the next run, or ``privacam push send``, sends it)."""
        deadline = time.monotonic() + timeout_s
        self.notify()
        while time.monotonic() < deadline and self._alive():
            if self.outbox.backlog().rows == 0:
                break
            time.sleep(0.05)
        self.stop()
        return self.outbox.backlog()

    def _alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=20.0)  # at most one request in flight
