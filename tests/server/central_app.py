"""The central server as a real process, for tests that kill and restart it.

Either ``privacam serve FILE`` itself (:meth:`CentralServer.serve`: real accounts, node
tokens from ``privacam tokens create``), or, for tests that pick the store by URL,
``uvicorn --factory tests.server.central_app:app_from_env``: the deployment file at
``PRIVACAM_TEST_CENTRAL_SPEC`` over the store at ``PRIVACAM_TEST_CENTRAL_STORE``, with the
test authenticator (bearer ``test-<role>``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from fastapi import FastAPI

from privacam.policy.loader import load_spec
from privacam.server.app import create_app
from privacam.server.context import ServerContext
from privacam.store import Store
from tests.server.fakes import FixedAuthenticator

ROOT = Path(__file__).resolve().parents[2]


def app_from_env() -> FastAPI:
    loaded = load_spec(os.environ["PRIVACAM_TEST_CENTRAL_SPEC"])
    store = Store.open(os.environ["PRIVACAM_TEST_CENTRAL_STORE"])
    return create_app(ServerContext(loaded=loaded, store=store), FixedAuthenticator())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CentralServer:
    """A uvicorn subprocess on 127.0.0.1:``port``; :meth:`kill` is SIGKILL, no goodbye."""

    def __init__(self, spec: Path, store_url: str | None, port: int) -> None:
        self.spec, self.store_url, self.port = spec, store_url, port
        self.process: subprocess.Popen | None = None

    @classmethod
    def serve(cls, spec: Path, port: int) -> CentralServer:
        """``privacam serve spec --port port``: the deployment's own store and accounts."""
        return cls(spec, None, port)

    def _command(self) -> tuple[list[str], dict[str, str]]:
        if self.store_url is None:
            run_cli = "from privacam.cli import main; main()"
            return [
                sys.executable,
                "-c",
                run_cli,
                "serve",
                str(self.spec),
                "--port",
                str(self.port),
            ], {}
        env = {
            "PRIVACAM_TEST_CENTRAL_SPEC": str(self.spec),
            "PRIVACAM_TEST_CENTRAL_STORE": self.store_url,
        }
        command = [sys.executable, "-m", "uvicorn", "--factory"]
        command += ["tests.server.central_app:app_from_env", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--log-level", "warning"]
        return command, env

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 30.0) -> None:
        command, extra = self._command()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **extra}, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the central server exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("the central server did not come up")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
