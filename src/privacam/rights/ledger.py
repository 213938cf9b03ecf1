"""What the request log and the incident register share: one store, one deployment, a clock.

The clock is a parameter so tests can fix "now"; both registers read it for every date
they record and every deadline they compute.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from privacam.policy.spec import Deployment
from privacam.store import Store


def utc_now() -> datetime:
    return datetime.now(UTC)


class Ledger:
    """A register kept in one deployment's store."""

    def __init__(
        self, store: Store, spec: Deployment, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.store = store
        self.spec = spec
        self.clock = clock
