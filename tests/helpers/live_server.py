"""The real app under uvicorn on a free 127.0.0.1 port, in a thread of the test process.

Browser tests (tests/server/browser) and anything else that needs a real HTTP server (not
the TestClient's in-process transport) use :func:`serving`::

    with serving(create_app(context, authenticator)) as base_url:
        httpx.get(f"{base_url}/api/health")

The socket is bound before the server starts (port 0: the kernel picks a free port), so
two tests running at once never race for a port, and the URL is known before the first
request. The server stops cleanly on leaving the block: uvicorn finishes the requests in
flight, then the thread ends.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

#: The only address the test servers bind (the issue: loopback only).
LOOPBACK = "127.0.0.1"
#: How long a server may take to start or stop before the test fails.
START_TIMEOUT_S = 15.0


def loopback_socket() -> socket.socket:
    """A listening TCP socket on 127.0.0.1 at a port the kernel chose."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, 0))
    sock.listen(128)
    return sock


@contextmanager
def serving(app: Any, *, log_level: str = "warning") -> Iterator[str]:
    """Serve ``app`` (an ASGI app) on a free loopback port; yields ``http://127.0.0.1:PORT``."""
    sock = loopback_socket()
    port = sock.getsockname()[1]
    # lifespan "on": the app's startup and shutdown run as under `privacam serve`.
    config = uvicorn.Config(app, log_level=log_level, lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    # uvicorn installs signal handlers only in the main thread, so Ctrl-C stays pytest's.
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn:{port}", daemon=True
    )
    thread.start()
    try:
        _wait_until(lambda: server.started or not thread.is_alive(), what="start")
        if not server.started:
            raise RuntimeError(f"uvicorn did not start on {LOOPBACK}:{port}")
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT_S)
        sock.close()
        if thread.is_alive():
            raise RuntimeError(f"uvicorn on {LOOPBACK}:{port} did not stop")


def _wait_until(condition: Any, *, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not {what} within {START_TIMEOUT_S:.0f} s")
        time.sleep(0.02)
