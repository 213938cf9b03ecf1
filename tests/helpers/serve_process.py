"""``privacam serve`` as a real process on a free 127.0.0.1 port, for tests of the command
itself (what it prints, the store it opens, the app it builds).

::

    with served(deployment) as server:
        server.url, server.first_admin_password  # read from what serve printed

The port is found by binding port 0 and closing the socket just before serve binds it
(a short race another process could win; the start then fails loudly, never silently).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.helpers.live_server import LOOPBACK

#: Generous: under a loaded CI machine the CLI's imports and migrations take tens of seconds.
START_TIMEOUT_S = 180.0
_PASSWORD = re.compile(r"one-time password .*: (\S+)\s*$")
_SIGN_IN = re.compile(r"sign in: (http://\S+/login)")


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    @property
    def first_admin_password(self) -> str | None:
        found = [m.group(1) for line in self.output if (m := _PASSWORD.search(line))]
        return found[0] if found else None

    @property
    def sign_in_url(self) -> str | None:
        found = [m.group(1) for line in self.output if (m := _SIGN_IN.search(line))]
        return found[0] if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def privacam_command() -> list[str]:
    beside = Path(sys.executable).with_name("privacam")
    if not beside.is_file():
        raise RuntimeError(f"no privacam command beside {sys.executable}: pip install -e .")
    return [str(beside)]


@contextmanager
def served(deployment: Path, *, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run ``privacam serve DEPLOYMENT --port P`` until the block ends (then SIGTERM)."""
    port = _free_port()
    process = subprocess.Popen(
        [*privacam_command(), "serve", str(deployment), "--port", str(port)],
        env={**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = Served(url=f"http://{LOOPBACK}:{port}", process=process)

    def read_output() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            server.output.append(line)

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        _wait_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(5)


def _wait_healthy(server: Served) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    said = "".join(server.output[-5:]).strip()
    raise RuntimeError(f"privacam serve did not answer on {server.url}: {said}")
