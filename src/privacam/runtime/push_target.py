"""Where ``privacam run --push URL`` sends its records, and with which node token.

The URL must be https, so the token and the records cross the network encrypted; plain
http is accepted only for this machine (127.0.0.1, ::1, localhost), as when a central
server and an edge share a host or a test runs both. The token comes from
``PRIVACAM_PUSH_TOKEN`` or ``--push-token-file``, never from the command line (where
``ps`` would show it) nor from the deployment file.

>>> PushTarget.parse("https://centre.example:8321", token="t").endpoint
'https://centre.example:8321/api/v1/push'
>>> PushTarget.parse("http://127.0.0.1:8321/", token="t").endpoint
'http://127.0.0.1:8321/api/v1/push'
>>> PushTarget.parse("http://centre.example:8321", token="t")
Traceback (most recent call last):
...
privacam.errors.InputError: --push には https:// の URL を指定してください（http はこのマシン上の 127.0.0.1 / localhost のみ） / --push needs an https:// URL (plain http only to this machine: 127.0.0.1, ::1 or localhost), got http://centre.example:8321
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from privacam.errors import InputError

PUSH_PATH = "/api/v1/push"
TOKEN_VARIABLE = "PRIVACAM_PUSH_TOKEN"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (an address in 127/8 or ::1, or localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class PushTarget:
    """The central server's push endpoint and the node token that authenticates to it."""

    endpoint: str
    token: str
    #: Seconds the run waits at its end for the outbox to drain before it reports the rest.
    drain_timeout_s: float = 30.0

    def __repr__(self) -> str:  # never print the token
        return f"PushTarget(endpoint={self.endpoint!r}, token=***)"

    @classmethod
    def from_options(
        cls, url: str, token_file: Path | None, *, drain_timeout_s: float = 30.0
    ) -> PushTarget:
        """``--push URL`` and ``--push-token-file``: the URL is checked before the token."""
        endpoint_for(url)
        return cls.parse(url, token=read_token(token_file), drain_timeout_s=drain_timeout_s)

    @classmethod
    def parse(cls, url: str, *, token: str, drain_timeout_s: float = 30.0) -> PushTarget:
        """The target for ``url`` (the server's base URL, or its push endpoint)."""
        endpoint = endpoint_for(url)
        if not token.strip():
            raise InputError(
                "ノードのトークンが空です / the node token is empty: "
                "`privacam tokens create --role node` on the central server makes one"
            )
        return cls(endpoint=endpoint, token=token.strip(), drain_timeout_s=drain_timeout_s)


def endpoint_for(url: str) -> str:
    """The push endpoint of the server at ``url``; InputError unless https or loopback."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or parts.scheme not in ("https", "http"):
        raise InputError(
            f"--push には中央サーバーの URL を指定してください / --push needs the central "
            f"server's URL, e.g. https://centre.example:8321, got {url}"
        )
    if parts.scheme == "http" and not is_loopback(host):
        raise InputError(
            "--push には https:// の URL を指定してください（http はこのマシン上の "
            "127.0.0.1 / localhost のみ） / --push needs an https:// URL (plain http only "
            f"to this machine: 127.0.0.1, ::1 or localhost), got {url}"
        )
    base = url.rstrip("/")
    return base if base.endswith(PUSH_PATH) else base + PUSH_PATH


def read_token(token_file: Path | None) -> str:
    """The node token: from ``token_file`` when given, else ``PRIVACAM_PUSH_TOKEN``."""
    if token_file is not None:
        try:
            return token_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise InputError(
                f"トークンファイル {token_file} を読めません / cannot read the token file "
                f"{token_file}: {error.strerror}"
            ) from None
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise InputError(
            f"--push にはノードのトークンが必要です。{TOKEN_VARIABLE} か --push-token-file で"
            f"指定してください / --push needs a node token: set {TOKEN_VARIABLE} or give "
            "--push-token-file (`privacam tokens create --role node` makes one)"
        )
    return token
