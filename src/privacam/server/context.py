"""What every request handler needs: the deployment, its store and the server's settings.

One :class:`ServerContext` is built by ``privacam serve`` (or a test) and hung on
``app.state.context``; handlers take it with ``context: ServerContext = Depends(get_context)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import Request

from privacam.policy.loader import LoadedSpec
from privacam.policy.spec import Deployment
from privacam.store import Store

#: The address privacam serves on unless told otherwise: this machine only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8321


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ServerSettings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    #: Mark cookies ``Secure``. Browsers accept them on http://127.0.0.1 and localhost;
    #: turn off only for a plain-http test client that is not a browser.
    secure_cookies: bool = True


@dataclass
class ServerContext:
    loaded: LoadedSpec
    store: Store
    settings: ServerSettings = field(default_factory=ServerSettings)
    #: The clock every handler reads (tests move it by hand).
    clock: Callable[[], datetime] = utc_now

    @property
    def spec(self) -> Deployment:
        return self.loaded.spec


def get_context(request: Request) -> ServerContext:
    """FastAPI dependency: the app's :class:`ServerContext`."""
    return request.app.state.context
