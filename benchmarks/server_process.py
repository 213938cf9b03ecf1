"""The central server as its own process on 127.0.0.1, for the server benchmark.

:class:`ServerProcess` writes a crowd deployment whose ``store.url`` is a ``${VAR}`` (the
URL may hold a password), creates a node token for ``cam1`` with ``privacam tokens
create``, starts ``privacam serve`` on a free loopback port, waits until ``/api/health``
answers, and stops it on leaving: the server measured is the one users run, argon2 token
checks and access log included.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 60.0
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


def privacam_command() -> str:
    """The ``privacam`` of this interpreter's environment (the venv the bench runs in)."""
    beside = Path(sys.executable).with_name("privacam")
    found = str(beside) if beside.is_file() else shutil.which("privacam")
    if found is None:
        raise RuntimeError("no privacam command: install privacam with its server extra")
    return found


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
        self.node_token = ""
        folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            STORE_ENV: store_url,
            "PRIVACAM_AUDIT_KEY_FILE": str(folder / "keys" / "audit.key"),
            "PRIVACAM_VAULT_KEY_FILE": str(folder / "keys" / "vault.key"),
            "CAMERA_PASSWORD": os.environ.get("CAMERA_PASSWORD", "unused"),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "server.log"
        self._paths: set[str] | None = None

    def __enter__(self) -> ServerProcess:
        deployment = str(deployment_file(self.folder))
        self.node_token = self._node_token(deployment)
        command = [privacam_command(), "serve", deployment, "--port", str(self.port)]
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

    def _node_token(self, deployment: str) -> str:
        """A node token for cam1, made as an operator makes one (printed last, once)."""
        made = subprocess.run(
            [
                privacam_command(),
                "tokens",
                "create",
                deployment,
                "--role",
                "node",
                "--camera",
                "cam1",
            ],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if made.returncode != 0:
            raise RuntimeError(f"privacam tokens create: {made.stderr.strip()}")
        return made.stdout.strip().splitlines()[-1]

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
