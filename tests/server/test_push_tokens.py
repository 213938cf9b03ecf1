"""The push endpoint under the real authenticator: node tokens from the accounts store
(what `privacam tokens create --role node --camera cam1` makes), scope and audit."""

from __future__ import annotations

import json

from privacam.records import CrowdInterval
from privacam.store import Store
from tests.server.signin_helpers import browser, store_app
from tests.server.test_push_endpoint import body, crowd


def test_a_real_node_token_pushes_its_camera_and_is_named_in_the_audit(
    loaded, server_store: Store
) -> None:
    app, authenticator = store_app(loaded, server_store)
    _, secret = authenticator.accounts.create_token("node", cameras=["cam1"], name="site-a")
    _, analyst_secret = authenticator.accounts.create_token("analyst", name="reader")
    with browser(app) as client:
        bearer = {"Authorization": f"Bearer {secret}"}
        ok = client.post("/api/v1/push", json=body(crowd(0)), headers=bearer)
        outside = client.post("/api/v1/push", json=body(crowd(1, camera="cam2")), headers=bearer)
        not_node = client.post(
            "/api/v1/push",
            json=body(crowd(2)),
            headers={"Authorization": f"Bearer {analyst_secret}"},
        )
        forged = client.post(
            "/api/v1/push", json=body(crowd(3)), headers={"Authorization": "Bearer x.site-a.y"}
        )
    assert (ok.status_code, outside.status_code, not_node.status_code) == (200, 403, 403)
    assert forged.status_code == 401
    assert [c.window_start for c in server_store.read(CrowdInterval)] == [crowd(0).window_start]
    ingest = [e for e in server_store.audit.entries() if e.action == "push.ingest"]
    assert [(e.actor, json.loads(e.details)["node"]) for e in ingest] == [
        ("token:site-a", "site-a")
    ]
