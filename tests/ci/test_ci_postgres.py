"""`.ci/run` waits for PostgreSQL to accept connections instead of trusting `pg_ctlcluster start`.

The PostgreSQL tools, `make` and `ls` of /usr/lib/postgresql are replaced by
fakes on PATH, so the script's own logic runs and no server is touched: the
cluster is stopped, `start` prints the error seen on a real machine and exits
1, and the server accepts connections on the third `pg_isready`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FAKES = {
    "pg_ctlcluster": """
        case "$3" in
          status) exit 3 ;;
          start) echo "The PostgreSQL server failed to start. Please check the log output."; exit 1 ;;
        esac
    """,
    "pg_lsclusters": 'echo "15 main 5432 down postgres /var/lib/postgresql/15/main log"',
    "pg_isready": """
        calls=$(( $(cat "$FAKE_STATE/isready" 2>/dev/null || echo 0) + 1 ))
        echo "$calls" > "$FAKE_STATE/isready"
        [ "$calls" -ge "$READY_AFTER" ]
    """,
    "runuser": "echo 1",  # psql: the role and the database exist
    "make": 'echo "$PRIVACAM_TEST_POSTGRES_URL" > "$FAKE_STATE/make"',
    "ls": 'if [ "$1" = /usr/lib/postgresql ]; then echo 15; fi',
    "apt-get": "exit 0",
    "pg_createcluster": "exit 0",
}


def run_ci(tmp_path: Path, ready_after: int, wait: int) -> subprocess.CompletedProcess[str]:
    bin_dir, state = tmp_path / "bin", tmp_path / "state"
    bin_dir.mkdir()
    state.mkdir()
    for name, body in FAKES.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "PRIVACAM_TEST_POSTGRES_URL"}
    env.update(
        PATH=f"{bin_dir}:{env['PATH']}",
        FAKE_STATE=str(state),
        READY_AFTER=str(ready_after),
        PRIVACAM_PG_WAIT=str(wait),
    )
    return subprocess.run(
        ["bash", str(REPO / ".ci" / "run")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_ci_waits_for_postgres_when_the_start_command_reports_failure(tmp_path: Path) -> None:
    done = run_ci(tmp_path, ready_after=3, wait=10)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "state" / "isready").read_text().strip() == "3"
    url = (tmp_path / "state" / "make").read_text().strip()
    assert url == "postgresql+psycopg://privacam_test:privacam_test@localhost:5432/privacam_test"


def test_ci_gives_up_after_the_bounded_wait_and_says_why(tmp_path: Path) -> None:
    done = run_ci(tmp_path, ready_after=1000, wait=2)
    assert done.returncode != 0
    assert "not accepting connections after 2 s" in done.stderr
    assert not (tmp_path / "state" / "make").exists()  # the tests never ran
