"""What every request handler needs: the deployment, its store and the server's settings.

One :class:`ServerContext` is built by ``privacam serve`` (or a test) and hung on
``app.state.context``; handlers take it with ``context: ServerContext = Depends(get_context)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request

from privacam.policy.loader import LoadedSpec
from privacam.policy.notice.manifest import default_notice_dir
from privacam.policy.spec import Deployment
from privacam.server.access import Principal
from privacam.server.limits import LimitSettings
from privacam.store import Store
from privacam.store.audit import AuditEntry

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
    #: Body cap on every route, rate limits on the public ones (:mod:`.limits`).
    limits: LimitSettings = field(default_factory=LimitSettings)
    #: Where ``privacam notice`` rendered the notice; ``None``: ``notice/`` beside the
    #: deployment file, where ``run`` looks for it too.
    notice_dir: Path | None = None


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

    @property
    def notice_dir(self) -> Path:
        return self.settings.notice_dir or default_notice_dir(self.loaded)


def audit_access(
    context: ServerContext,
    who: Principal | None,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Audit one access through the server, naming the user or token (``None``: the public).

    Every read of personal data, every export and every change goes through here, so the
    audit chain says who did it: ``actor`` is ``user:<name>``, ``token:<name>`` or ``public``.
    """
    actor = "public" if who is None else f"{who.kind}:{who.name}"
    extra = {} if who is None else {"role": who.role.value}
    return context.store.audit.append(action, subject, {**extra, **(details or {})}, actor=actor)


def get_context(request: Request) -> ServerContext:
    """FastAPI dependency: the app's :class:`ServerContext`."""
    return request.app.state.context
