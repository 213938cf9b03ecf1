"""``privacam serve`` itself on a PostgreSQL deployment: the command migrates the store,
prints the sign-in URL and the first admin's one-time password, and a browser signs in
with it, replaces it, and is the admin; the audit chain then verifies from the CLI, its
head file beside the audit key."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from privacam.policy.loader import load_spec
from privacam.store.audit import default_key_file
from privacam.store.store import default_head_path
from tests.helpers.central import postgres_deployment
from tests.helpers.serve_process import privacam_command, served
from tests.store.conftest import postgres_schema_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

NEW_PASSWORD = "a long passphrase of my own"


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    for url in postgres_schema_url():
        yield postgres_deployment(url, tmp_path, monkeypatch)


def sign_in_and_replace_the_one_time_password(chromium, base_url: str, password: str) -> dict:
    context = chromium.new_context(base_url=base_url, locale="ja-JP")
    # serve hashes with argon2's real (slow) parameters; on a loaded machine the sign-in
    # and the password change take far longer than Playwright's default 30 s.
    context.set_default_timeout(180_000)
    try:
        page = context.new_page()
        page.goto("/login")
        page.fill("input[name=name]", "admin")
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/account/password")
        page.fill("input[name=current]", password)
        page.fill("input[name=new]", NEW_PASSWORD)
        page.fill("input[name=confirm]", NEW_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page.goto("/api/v1/me").json()
    finally:
        context.close()


def test_privacam_serve_on_postgresql_lets_the_first_admin_sign_in_and_audits_it(
    chromium, deployment
):
    with served(deployment) as server:
        assert server.sign_in_url == f"{server.url}/login"
        password = server.first_admin_password
        assert password, "".join(server.output)
        me = sign_in_and_replace_the_one_time_password(chromium, server.url, password)
    assert (me["name"], me["role"]) == ("admin", "admin")
    verify = subprocess.run(
        [*privacam_command(), "audit", "verify", str(deployment)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    head = default_head_path(load_spec(deployment).store_url)
    assert head.parent == default_key_file().parent / "audit-heads" and head.is_file()
