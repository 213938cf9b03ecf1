"""The central server as its own process on 127.0.0.1, for the server benchmark.

:class:`ServerProcess` writes a crowd deployment whose ``store.url`` is a ``${VAR}`` (the
URL may hold a password), starts the server on a free loopback port, waits until
``/api/health`` answers, and stops it on leaving. Run as a script, this file is the
server: the app over the deployment's store, with one node token taken from the
environment (``PRIVACAM_BENCH_NODE_TOKEN``), so that the pushes carry a real bearer.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 60.0
TOKEN_ENV = "PRIVACAM_BENCH_NODE_TOKEN"
STORE_ENV = "PRIVACAM_BENCH_STORE_URL"


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@contextmanager
def fresh_postgres_schema(url: str) -> Iterator[str]:
    """``url`` itself for SQLite; for PostgreSQL, ``url`` on a new schema, dropped after."""
    if url.startswith("sqlite"):
        yield url
        return
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as error:
        admin.dispose()
        raise RuntimeError(f"cannot create a schema: {str(error).splitlines()[0]}") from None
    try:
        separator = "&" if "?" in url else "?"
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def deployment_file(folder: Path) -> Path:
    """The crowd template, its store URL read from the environment at run time."""
    from privacam.policy.deployment_template import render_template

    text = render_template("crowd").replace("url: sqlite:///privacam.db", f"url: ${{{STORE_ENV}}}")
    path = folder / "privacam.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class ServerProcess:
    """``with ServerProcess("sqlite", url, folder) as server: server.url``."""

    def __init__(self, backend: str, store_url: str, folder: Path) -> None:
        self.backend = backend
        self.folder = folder
        self.port = free_loopback_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.node_token = secrets.token_urlsafe(24)
        folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            STORE_ENV: store_url,
            TOKEN_ENV: self.node_token,
            "PRIVACAM_AUDIT_KEY_FILE": str(folder / "keys" / "audit.key"),
            "PRIVACAM_VAULT_KEY_FILE": str(folder / "keys" / "vault.key"),
            "CAMERA_PASSWORD": os.environ.get("CAMERA_PASSWORD", "unused"),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "server.log"
        self._paths: set[str] | None = None

    def __enter__(self) -> ServerProcess:
        command = [sys.executable, __file__, str(deployment_file(self.folder)), str(self.port)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_healthy()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.__exit__()
        tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(" | ".join(tail) or f"no answer on {self.url} in {START_TIMEOUT_S} s")

    def serves(self, path: str) -> bool:
        """Whether the app's published schema lists ``path``."""
        if self._paths is None:
            schema = httpx.get(f"{self.url}/api/openapi.json", timeout=10).json()
            self._paths = set(schema.get("paths", {}))
        return path in self._paths


class BenchAuthenticator:
    """The bearer token in ``PRIVACAM_BENCH_NODE_TOKEN`` is a node scoped to ``cam1``."""

    def __init__(self, token: str) -> None:
        from privacam.server.access import Principal, Role

        self.token = token
        self.node = Principal(name="bench-node", role=Role.NODE, cameras=frozenset({"cam1"}))

    def principal(self, request: Any) -> Any:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        ok = scheme.lower() == "bearer" and secrets.compare_digest(token, self.token)
        return self.node if ok else None


def serve(deployment: Path, port: int) -> None:
    """Serve the deployment's store on 127.0.0.1:``port`` until terminated."""
    import uvicorn

    from privacam.policy.loader import load_spec
    from privacam.server.app import create_app
    from privacam.server.context import ServerContext
    from privacam.store.store import open_store

    loaded = load_spec(deployment)
    context = ServerContext(loaded=loaded, store=open_store(loaded))
    app = create_app(context, BenchAuthenticator(os.environ[TOKEN_ENV]))
    uvicorn.run(app, host=LOOPBACK, port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]))
