"""The site icon is served to anyone: browsers ask every page for /favicon.ico."""

from __future__ import annotations

from .conftest import make_client


def test_favicon_is_an_svg_for_anyone(loaded, sqlite_server_store) -> None:
    response = make_client(loaded, sqlite_server_store).get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.content.startswith(b"<svg")
