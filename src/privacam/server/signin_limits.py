"""Failed sign-ins, limited per user name and per client address.

After ``per_user`` failures for one name, or ``per_address`` from one address, within
``window``, sign-in is refused (429) without checking the password, until the oldest
failure leaves the window. A success clears the name's failures. The counts live in the
server's memory: a restart forgets them, which costs an attacker a restart they cannot
cause from outside.

>>> from datetime import UTC, datetime, timedelta
>>> now = [datetime(2026, 4, 1, tzinfo=UTC)]
>>> limiter = SignInLimiter(clock=lambda: now[0], per_user=2, per_address=5)
>>> for _ in range(2):
...     limiter.failed("aiko", "10.0.0.1")
>>> limiter.refused("aiko", "10.0.0.9"), limiter.refused("ken", "10.0.0.1")
(True, False)
>>> now[0] += timedelta(minutes=16)
>>> limiter.refused("aiko", "10.0.0.9")
False
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)
#: Beyond this many names or addresses, forget the ones whose failures all left the window.
MAX_KEYS = 10_000


class SignInLimiter:
    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        per_user: int = 5,
        per_address: int = 20,
        window: timedelta = WINDOW,
    ) -> None:
        self.clock = clock
        self.window = window
        self.limits = {"user": per_user, "address": per_address}
        self.failures: dict[tuple[str, str], deque[datetime]] = {}

    def _recent(self, key: tuple[str, str]) -> deque[datetime]:
        times = self.failures.get(key, deque())
        horizon = self.clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        return times

    def refused(self, user: str, address: str) -> bool:
        """Too many recent failures for this name or from this address?"""
        return (
            len(self._recent(("user", user))) >= self.limits["user"]
            or len(self._recent(("address", address))) >= self.limits["address"]
        )

    def failed(self, user: str, address: str) -> None:
        if len(self.failures) > MAX_KEYS:
            for key in [key for key in self.failures if not self._recent(key)]:
                del self.failures[key]
        for key in (("user", user), ("address", address)):
            self.failures.setdefault(key, deque()).append(self.clock())

    def succeeded(self, user: str) -> None:
        self.failures.pop(("user", user), None)
