"""``privacam users``, ``privacam tokens`` and ``privacam serve``: audited, bilingual, exit 2
on bad input, a token shown once, a one-time admin password, loopback by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from privacam.policy.loader import load_spec
from privacam.store import open_store
from privacam.store.accounts import Accounts
from tests.helpers.cli import run

PASSWORD = "correct horse battery staple"


@pytest.fixture
def spec(tmp_path: Path, capsys, monkeypatch) -> Path:
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")
    monkeypatch.setenv("PRIVACAM_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))
    path = tmp_path / "privacam.yaml"
    assert run(capsys, "init", "--case", "crowd", "-o", str(path))[0] == 0
    (tmp_path / "password").write_text(PASSWORD + "\n", encoding="utf-8")
    return path


def add(capsys, spec: Path, *args: str) -> tuple[int, str, str]:
    password = str(spec.parent / "password")
    return run(capsys, "users", "add", str(spec), *args, "--password-file", password)


def test_users_add_list_and_remove_are_audited(spec: Path, capsys) -> None:
    code, out, err = add(capsys, spec, "aiko", "--role", "analyst", "--camera", "cam1")
    assert code == 0, err
    assert "ユーザー aiko" in out and "added user aiko (analyst, cameras: cam1)" in out
    code, out, _ = run(capsys, "users", "list", str(spec))
    assert out.splitlines()[0].startswith("aiko\tanalyst\tcameras=cam1\t") and "active" in out
    assert run(capsys, "users", "remove", str(spec), "aiko")[1].endswith("removed user aiko\n")
    assert "removed" in run(capsys, "users", "list", str(spec))[1]
    with open_store(load_spec(spec)) as store:
        actions = [(e.action, e.subject) for e in store.audit.entries()]
        assert ("user.add", "aiko") in actions and ("user.remove", "aiko") in actions
        assert Accounts(store).check_password("aiko", PASSWORD) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("aiko", "--role", "root"), "unknown role 'root'"),
        (("aiko", "--role", "analyst", "--camera", "cam9"), "camera cam9 is not in the deployment"),
        (("aiko", "--role", "node"), "a node is no user"),
    ],
)
def test_bad_user_input_exits_2_in_one_bilingual_line(spec: Path, capsys, args, message) -> None:
    code, _, err = add(capsys, spec, *args)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_duplicate_user_exits_2(spec: Path, capsys) -> None:
    assert add(capsys, spec, "aiko", "--role", "analyst")[0] == 0
    code, _, err = add(capsys, spec, "aiko", "--role", "admin")
    assert code == 2 and "user aiko already exists" in err and "すでにあります" in err


def test_a_token_is_printed_once_and_listed_without_its_secret(spec: Path, capsys) -> None:
    args = ("tokens", "create", str(spec), "--role", "node", "--camera", "cam1", "--name", "gate")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    clear = out.splitlines()[-1]
    assert clear.startswith("pcm.gate.") and "shown this once only" in out
    listing = run(capsys, "tokens", "list", str(spec))[1]
    assert listing.startswith("gate\tnode\tcameras=cam1\t") and clear.split(".")[2] not in listing
    with open_store(load_spec(spec)) as store:
        assert Accounts(store).check_token(clear).name == "gate"
    assert run(capsys, "tokens", "revoke", str(spec), "gate")[0] == 0
    assert "revoked" in run(capsys, "tokens", "list", str(spec))[1]
    code, _, err = run(capsys, "tokens", "revoke", str(spec), "gate")
    assert code == 2 and "no live token gate" in err
    code, _, err = run(capsys, "tokens", "create", str(spec), "--role", "node", "--camera", "x")
    assert code == 2 and "camera x is not in the deployment" in err


class FakeUvicorn:
    """Stands in for uvicorn.run: keeps what it was asked to serve."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def __call__(self, app, **options) -> None:
        self.calls.append({"app": app, **options})


@pytest.fixture
def served(monkeypatch) -> FakeUvicorn:
    import uvicorn

    fake = FakeUvicorn()
    monkeypatch.setattr(uvicorn, "run", fake)
    return fake


def test_serve_binds_loopback_and_prints_a_one_time_admin_password(
    spec: Path, capsys, served: FakeUvicorn
) -> None:
    code, out, err = run(capsys, "serve", str(spec))
    assert code == 0, err
    assert served.calls[0]["host"] == "127.0.0.1" and served.calls[0]["port"] == 8321
    assert "http://127.0.0.1:8321/login" in out and "警告" not in err
    password = out.strip().splitlines()[-1].rsplit(": ", 1)[1]
    client = TestClient(served.calls[0]["app"], base_url="https://testserver")
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login",
        data={"name": "admin", "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/account/password"  # the password must change first
    again = run(capsys, "serve", str(spec))[1]
    assert "one-time password" not in again  # made once, never shown again


def test_serve_warns_when_bound_beyond_this_machine(spec: Path, capsys, served) -> None:
    code, _, err = run(capsys, "serve", str(spec), "--host", "0.0.0.0", "--port", "9000")
    assert code == 0
    assert "警告" in err and "reachable from beyond this machine" in err
    assert served.calls[0]["host"] == "0.0.0.0" and served.calls[0]["port"] == 9000


@pytest.mark.slow
def test_serve_answers_on_loopback(spec: Path, tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from privacam.cli import main; main()"]
    server = subprocess.Popen(
        [*command, "serve", str(spec), "--port", str(port)],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as answer:
                    assert answer.status == 200
                    assert answer.headers["X-Frame-Options"] == "DENY"
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_rate_limits_public_routes_by_default_and_can_turn_it_off(
    spec: Path, capsys, served
) -> None:
    from privacam.server.limits import RateLimit

    assert run(capsys, "serve", str(spec))[0] == 0
    assert run(capsys, "serve", str(spec), "--public-rate-limit", "off")[0] == 0
    assert run(capsys, "serve", str(spec), "--public-rate-limit", "120/40")[0] == 0
    limits = [call["app"].state.context.settings.limits.public_rate for call in served.calls]
    assert limits == [RateLimit(), None, RateLimit(per_minute=120, burst=40)]


@pytest.mark.parametrize("rate", ["fast", "60", "0/10", "60/-1"])
def test_serve_refuses_a_malformed_rate_limit_in_one_line(spec: Path, capsys, rate) -> None:
    code, _, err = run(capsys, "serve", str(spec), "--public-rate-limit", rate)
    assert code == 2
    assert "PER_MINUTE/BURST" in err and len(err.strip().splitlines()) == 1


def test_serve_refuses_a_busy_port_before_making_an_admin(spec: Path, capsys, served) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code, out, err = run(capsys, "serve", str(spec), "--port", port)
    assert code == 1 and "choose another --port" in err and "使用中" in err
    assert "one-time password" not in out and served.calls == []
    with open_store(load_spec(spec)) as store:
        assert Accounts(store).users() == []
