"""Secrets through the CLI: a ``${VAR}`` value is never printed or written, wherever it stands
in a URL, and a command needs a secret only when it connects to what the secret opens."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from privacam.policy.deployment_template import render_template
from privacam.policy.floor_plan import write_sample_floor_plan_beside
from tests.helpers.cli import run as cli
from tests.helpers.postgres import fresh_schema
from tests.runtime.conftest import synthetic_video

CASES = ("attributes", "flow", "repeat", "counting", "street", "crowd")
CAMERA_SECRET = "cam-Secret-7f3a9q"


def files_containing(folder: Path, secret: str) -> list[Path]:
    """Every file under ``folder`` whose bytes contain ``secret`` (plain or percent-encoded)."""
    needles = {secret.encode(), secret.replace("-", "%2D").encode()}
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]


def write_deployment(folder: Path, case: str, *edits: tuple[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    content = render_template(case)
    for pattern, replacement in edits:
        content, count = re.subn(pattern, replacement, content, count=1, flags=re.M)
        assert count == 1, pattern
    path = folder / "privacam.yaml"
    path.write_text(content, encoding="utf-8")
    write_sample_floor_plan_beside(path)  # as `privacam init` does for the flow and crowd cases
    return path


@pytest.fixture
def no_camera_password(monkeypatch) -> None:
    monkeypatch.delenv("CAMERA_PASSWORD", raising=False)


# --- item 5: redaction by value ---------------------------------------------------------------


def test_camera_secret_in_url_query_string_is_redacted_from_run_error(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("CAM_TOKEN", CAMERA_SECRET)
    source = "rtsp://admin:${CAM_TOKEN}@127.0.0.1:1/stream?token=${CAM_TOKEN}"
    path = write_deployment(
        tmp_path / "site", "counting", (r"^    source: .*$", f"    source: {source}")
    )
    assert cli(capsys, "notice", str(path), "-o", str(path.parent / "notice"))[0] == 0
    code, out, err = cli(capsys, "run", str(path), "--no-progress")
    assert code == 2
    (line,) = [line for line in err.splitlines() if line.startswith("privacam: error:")]
    assert "cannot open stream" in line and "token=${CAM_TOKEN}" in line
    assert CAMERA_SECRET not in out + err
    assert files_containing(tmp_path, CAMERA_SECRET) == []


def test_literal_secret_in_url_query_string_is_a_check_error(tmp_path: Path, capsys) -> None:
    path = write_deployment(
        tmp_path,
        "counting",
        (r"^    source: .*$", "    source: rtsp://10.0.0.2/live?channel=1&api_key=abc123xyz"),
        (r"^  url: sqlite.*$", "  url: postgresql://app@db/privacam?password=hunter2hunter2"),
    )
    code, out, _ = cli(capsys, "check", str(path), "--format", "json")
    assert code == 1
    sec = [f for f in json.loads(out)["findings"] if f["rule"] == "SEC-002"]
    assert [f["path"] for f in sec] == ["cameras[0].source", "store.url"]
    assert "api_key=" in sec[0]["message"]["en"] and "password=" in sec[1]["message"]["en"]
    assert "クエリ" in sec[0]["message"]["ja"]


def test_store_password_in_url_query_is_never_printed_when_the_store_is_unreachable(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    secret = "pg-Secret-2b8c41"
    monkeypatch.setenv("PG_PASSWORD", secret)
    path = write_deployment(
        tmp_path,
        "counting",
        (
            r"^  url: sqlite.*$",
            "  url: postgresql://app@127.0.0.1:1/privacam?password=${PG_PASSWORD}",
        ),
    )
    for argv in (
        ["notice", str(path), "-o", str(tmp_path / "notice")],
        ["export", str(path), "--kind", "line_counts"],
        ["purge", str(path)],
        ["audit", "verify", str(path)],
    ):
        code, out, err = cli(capsys, *argv)
        assert code != 0, argv
        assert err.strip().count("\n") == 0, err
        assert "password=${PG_PASSWORD}" in err, err
        assert secret not in out + err, argv
    assert files_containing(tmp_path, secret) == []


@pytest.fixture
def postgres_schema() -> Iterator[tuple[str, str]]:
    """(base URL without password, schema): a fresh schema, dropped afterwards."""
    with fresh_schema() as base_and_schema:
        yield base_and_schema


@pytest.mark.postgres
def test_store_password_in_url_query_is_never_printed_or_written_by_store_commands(
    tmp_path: Path, capsys, monkeypatch, postgres_schema
) -> None:
    from sqlalchemy.engine import URL, make_url

    base, schema = postgres_schema
    parsed = make_url(base)
    monkeypatch.setenv("PG_PASSWORD", parsed.password or "")
    secret = parsed.password or ""
    assert len(secret) >= 4, "the test database needs a password to hide"
    # URL.set(password=None) leaves the password as it was: build the URL without one.
    without = URL.create(
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    ).render_as_string(hide_password=False)
    assert f":{secret}@" not in without
    separator = "&" if "?" in without else "?"
    url = f"{without}{separator}password=${{PG_PASSWORD}}&options=-csearch_path%3D{schema}"
    path = write_deployment(tmp_path, "counting", (r"^  url: sqlite.*$", f"  url: {url}"))
    exported = tmp_path / "counts.csv"
    head = tmp_path / "head.json"
    printed = ""
    for argv in (
        ["notice", str(path), "-o", str(tmp_path / "notice")],
        ["export", str(path), "--kind", "line_counts", "-o", str(exported)],
        ["export", str(path), "--kind", "runs", "--format", "json"],
        ["purge", str(path)],
        ["audit", "verify", str(path)],
        ["audit", "head", str(path), "-o", str(head)],
    ):
        code, out, err = cli(capsys, *argv)
        assert code == 0, (argv, err)
        printed += out + err
    assert "purge done" in printed and "audit chain intact" in printed
    # The username and database may equal the password on a test server: look for the
    # value where only the password could have put it.
    assert f"password={secret}" not in printed
    assert "password=${PG_PASSWORD}" in printed
    for file in files_containing(tmp_path, f"password={secret}"):
        pytest.fail(f"{file} holds the store password")
    subjects = []
    engine = create_engine(base, connect_args={"options": f"-csearch_path={schema}"})
    with engine.connect() as connection:
        for subject, details in connection.execute(text("SELECT subject, details FROM audit_log")):
            subjects.append(subject + details)
    engine.dispose()
    assert subjects and not any(f"password={secret}" in entry for entry in subjects)


# --- item 6: secrets only when connecting -----------------------------------------------------


def test_commands_that_do_not_open_the_camera_need_no_camera_password(
    tmp_path: Path, capsys, no_camera_password
) -> None:
    path = write_deployment(tmp_path, "crowd")
    assert "${CAMERA_PASSWORD}" in path.read_text(encoding="utf-8")
    code, out, err = cli(capsys, "check", str(path), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    (unset,) = [f for f in report["findings"] if f["rule"] == "SEC-005"]
    assert unset["severity"] == "warning" and unset["path"] == "cameras[0].source"
    assert "CAMERA_PASSWORD" in unset["message"]["en"] and "環境変数" in unset["message"]["ja"]
    for argv in (
        ["notice", str(path), "-o", str(tmp_path / "notice")],
        ["assess", str(path), "-o", str(tmp_path / "assessment.html")],
        ["export", str(path), "--kind", "crowd_intervals", "-o", str(tmp_path / "c.csv")],
        ["purge", str(path)],
        ["audit", "verify", str(path)],
    ):
        code, _, err = cli(capsys, *argv)
        assert code == 0, (argv, err)


def test_only_the_command_that_opens_the_camera_fails_on_an_unset_password(
    tmp_path: Path, capsys, no_camera_password
) -> None:
    path = write_deployment(tmp_path, "crowd")
    assert cli(capsys, "notice", str(path), "-o", str(tmp_path / "notice"))[0] == 0
    code, _, err = cli(capsys, "run", str(path), "--no-progress")
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "cameras[0].source" in err and "CAMERA_PASSWORD is not set" in err


def test_store_secret_is_needed_only_by_commands_that_open_the_store(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("PG_PASSWORD", raising=False)
    path = write_deployment(
        tmp_path,
        "counting",
        (r"^  url: sqlite.*$", "  url: postgresql://app:${PG_PASSWORD}@127.0.0.1:1/privacam"),
    )
    assert cli(capsys, "check", str(path))[0] == 0
    assert cli(capsys, "assess", str(path), "-o", str(tmp_path / "a.html"))[0] == 0
    code, _, err = cli(capsys, "purge", str(path))
    assert code == 2 and "store.url" in err and "PG_PASSWORD is not set" in err


@pytest.mark.assets
@pytest.mark.slow
def test_run_with_source_file_needs_no_camera_password(
    tmp_path: Path, capsys, no_camera_password, models_dir, monkeypatch
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))  # found beside the checkout too
    video = synthetic_video(tmp_path / "clip.avi", frames=6)
    path = write_deployment(tmp_path, "crowd")
    assert cli(capsys, "notice", str(path), "-o", str(tmp_path / "notice"))[0] == 0
    code, out, err = cli(
        capsys, "run", str(path), "--source", str(video), "--fps", "10", "--no-progress"
    )
    assert code == 0, err
    assert "completed" in out


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_init_then_check_exits_0_in_an_empty_environment(case: str, tmp_path: Path) -> None:
    """A newcomer's first two commands, with no variable set at all (``env -i``)."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    command = [sys.executable, "-c", "from privacam.cli import main; main()"]
    spec = tmp_path / "privacam.yaml"
    init = subprocess.run(
        [*command, "init", "--case", case, "-o", str(spec)],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert init.returncode == 0, init.stderr
    check = subprocess.run(
        [*command, "check", str(spec)],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert re.search(r"^0 errors, ", check.stdout, flags=re.M), check.stdout
