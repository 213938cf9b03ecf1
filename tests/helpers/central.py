"""A deployment file for a central server on PostgreSQL, as an operator writes one: the
crowd template with ``store.url`` on the test server, its password a ``${VAR}``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from privacam.policy.deployment_template import render_template

PASSWORD_VARIABLE = "PRIVACAM_DB_PASSWORD"


def postgres_deployment(url: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write ``folder/privacam.yaml`` storing in ``url``; the password goes to the environment."""
    parsed = make_url(url)
    monkeypatch.setenv(PASSWORD_VARIABLE, parsed.password or "")
    public_url = parsed.set(password="PASSWORD").render_as_string(hide_password=False)
    public_url = public_url.replace(":PASSWORD@", f":${{{PASSWORD_VARIABLE}}}@")
    text = render_template("crowd").replace("url: sqlite:///privacam.db", f"url: {public_url}")
    path = folder / "privacam.yaml"
    path.write_text(text, encoding="utf-8")
    return path
