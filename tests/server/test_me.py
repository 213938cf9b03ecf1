"""``/api/v1/me``: who the caller is, and the analyst's per-camera scope."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privacam.server.access import Principal, Role
from tests.server.conftest import make_client
from tests.server.fakes import FixedAuthenticator, as_role


def test_me_names_the_caller_role_and_scope(loaded, sqlite_server_store) -> None:
    aiko = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam1"}))
    client = make_client(loaded, sqlite_server_store, FixedAuthenticator([aiko]))
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer test-aiko"}).json()
    assert me == {"name": "aiko", "role": "analyst", "kind": "user", "cameras": ["cam1"]}
    assert client.get("/api/v1/me").status_code == 401


def test_an_analyst_scoped_to_cam1_cannot_read_another_camera(loaded, sqlite_server_store) -> None:
    scoped = [
        Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam1"})),
        Principal(name="ken", role=Role.ANALYST, cameras=frozenset({"lobby"})),
        Principal(name="root", role=Role.ADMIN),
    ]
    client = make_client(loaded, sqlite_server_store, FixedAuthenticator(scoped))

    def status(name: str, camera: str) -> int:
        path = f"/api/v1/me/cameras/{camera}"
        return client.get(path, headers={"Authorization": f"Bearer test-{name}"}).status_code

    assert status("aiko", "cam1") == 200
    assert status("ken", "cam1") == 403
    assert status("aiko", "cam2") == 403  # outside the scope comes before "no such camera"
    assert status("root", "cam2") == 404
    assert status("root", "cam1") == 200


def test_an_unscoped_analyst_sees_every_camera(sqlite_client: TestClient) -> None:
    answer = sqlite_client.get("/api/v1/me/cameras/cam1", headers=as_role(Role.ANALYST))
    assert answer.json() == {"camera_id": "cam1", "in_scope": True}
