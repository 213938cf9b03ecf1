"""``POST /api/v1/push``: node-only, validated per kind, scoped by camera, idempotent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from privacam.records import CrowdInterval, LineCount
from privacam.server.access import Principal, Role
from privacam.server.push_batch import MAX_RECORDS
from privacam.server.routes.push import MAX_BODY_BYTES
from privacam.store import Store
from privacam.store.push_codec import encode
from privacam.store.push_kinds import push_id
from tests.server.conftest import make_client
from tests.server.fakes import FixedAuthenticator, as_role

T0 = datetime(2026, 4, 1, tzinfo=UTC)
NODE = as_role(Role.NODE)


def crowd(minute: int, camera: str = "cam1", moving: int = 4) -> CrowdInterval:
    return CrowdInterval(
        window_start=T0 + timedelta(minutes=minute),
        window_end=T0 + timedelta(minutes=minute + 1),
        camera_id=camera,
        area="hall",
        moving=moving,
        still=1,
        congestion_level=0,
    )


def item(record) -> dict:
    return {"id": push_id("edge-a", record), "kind": record.kind, "record": encode(record)}


def body(*records) -> dict:
    return {"records": [item(r) for r in records]}


def test_a_node_pushes_a_batch_and_a_repush_is_already_present(
    client: TestClient, server_store: Store
) -> None:
    batch = body(crowd(0), crowd(1))
    first = client.post("/api/v1/push", json=batch, headers=NODE)
    again = client.post("/api/v1/push", json=batch, headers=NODE)
    assert first.status_code == 200, first.text
    assert first.json() == {"accepted": 2, "replaced": 0, "already_present": 0}
    assert again.json() == {"accepted": 0, "replaced": 0, "already_present": 2}
    assert [c.moving for c in server_store.read(CrowdInterval)] == [4, 4]


def test_only_a_node_may_push(sqlite_client: TestClient) -> None:
    batch = body(crowd(0))
    assert sqlite_client.post("/api/v1/push", json=batch).status_code == 401
    for role in (Role.ADMIN, Role.ANALYST, Role.PRIVACY_OFFICER):
        assert (
            sqlite_client.post("/api/v1/push", json=batch, headers=as_role(role)).status_code == 403
        )


def test_a_node_scoped_to_cam1_cannot_push_cam2_and_nothing_of_the_batch_is_kept(
    loaded, sqlite_server_store: Store
) -> None:
    node = Principal(name="node", role=Role.NODE, cameras=frozenset({"cam1"}), kind="token")
    with make_client(loaded, sqlite_server_store, FixedAuthenticator([node])) as scoped:
        answer = scoped.post("/api/v1/push", json=body(crowd(0), crowd(1, "cam2")), headers=NODE)
        assert answer.status_code == 403
        assert sqlite_server_store.count(CrowdInterval) == 0
        assert scoped.post("/api/v1/push", json=body(crowd(0)), headers=NODE).status_code == 200


def test_personal_kinds_are_refused(sqlite_client: TestClient) -> None:
    visit = {
        "id": "6b1f0cf3-3b4e-5d6a-9a0c-3f4e5d6a7b8c",
        "kind": "repeat_visits",
        "record": {"visitor_id": "x", "camera_id": "cam1"},
    }
    answer = sqlite_client.post("/api/v1/push", json={"records": [visit]}, headers=NODE)
    assert answer.status_code == 422


def test_each_record_is_validated_as_its_kind(
    sqlite_client: TestClient, sqlite_server_store
) -> None:
    good = item(crowd(0))
    negative = item(crowd(1))
    negative["record"]["moving"] = -3
    naive = item(crowd(2))
    naive["record"]["window_start"] = "2026-04-01T00:02:00"
    extra = item(crowd(3))
    extra["record"]["face"] = "AAAA"
    answer = sqlite_client.post(
        "/api/v1/push", json={"records": [good, negative, naive, extra]}, headers=NODE
    )
    assert answer.status_code == 422
    assert sorted({p["loc"][2] for p in answer.json()["detail"]}) == [1, 2, 3]
    assert sqlite_server_store.count(CrowdInterval) == 0


def test_a_batch_over_the_record_limit_is_refused(sqlite_client: TestClient) -> None:
    one = item(crowd(0))
    answer = sqlite_client.post(
        "/api/v1/push", json={"records": [one] * (MAX_RECORDS + 1)}, headers=NODE
    )
    assert answer.status_code == 422


def test_a_body_over_the_size_cap_is_refused_before_it_is_parsed(sqlite_client: TestClient) -> None:
    huge = b'{"records": [' + b" " * MAX_BODY_BYTES + b"]}"
    answer = sqlite_client.post(
        "/api/v1/push",
        content=huge,
        headers={**NODE, "Content-Type": "application/json"},
    )
    assert answer.status_code == 413

    def chunks():  # no Content-Length: the bytes are counted as they come
        yield b'{"records": ['
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536
        yield b"]}"

    streamed = sqlite_client.post(
        "/api/v1/push", content=chunks(), headers={**NODE, "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413


def test_line_counts_and_crowd_in_one_batch(sqlite_client: TestClient, sqlite_server_store) -> None:
    line = LineCount(
        window_start=T0,
        window_end=T0 + timedelta(minutes=15),
        camera_id="cam1",
        line="L1",
        direction="out",
        class_name="person",
        count=12,
    )
    answer = sqlite_client.post("/api/v1/push", json=body(line, crowd(0)), headers=NODE)
    assert answer.json()["accepted"] == 2
    assert sqlite_server_store.read(LineCount) == [line]


def test_values_no_column_takes_are_refused_not_a_server_error(sqlite_client: TestClient) -> None:
    huge, nul, nan = item(crowd(0)), item(crowd(1)), item(crowd(2))
    huge["record"]["moving"] = 2**40
    nul["record"]["area"] = "hall\x00"
    nan["record"]["still"] = float("inf")
    far = item(crowd(3))
    far["record"]["window_start"] = "9999-12-31T23:59:00-23:59"
    far["record"]["window_end"] = "9999-12-31T23:59:30-23:59"
    batch = {"records": [huge, nul, nan, far]}
    answer = sqlite_client.post(
        "/api/v1/push",
        content=json.dumps(batch),  # json.dumps writes Infinity, which the server must refuse
        headers={**NODE, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert sorted({p["loc"][2] for p in answer.json()["detail"]}) == [0, 1, 2, 3]


def test_an_id_of_another_record_cannot_overwrite_it(sqlite_client, sqlite_server_store) -> None:
    theirs = crowd(0, moving=9)
    sqlite_client.post("/api/v1/push", json=body(theirs), headers=NODE)
    forged = {"records": [{**item(crowd(5, moving=0)), "id": push_id("edge-a", theirs)}]}
    answer = sqlite_client.post("/api/v1/push", json=forged, headers=NODE)
    assert answer.status_code == 409
    stored = sqlite_server_store.read(CrowdInterval)
    assert [(c.window_start, c.moving) for c in stored] == [(theirs.window_start, 9)]


def test_a_camera_the_central_deployment_lacks_is_refused(
    sqlite_client, sqlite_server_store
) -> None:
    answer = sqlite_client.post("/api/v1/push", json=body(crowd(0), crowd(1, "cam9")), headers=NODE)
    assert answer.status_code == 422 and "cam9" in answer.text
    assert sqlite_server_store.count(CrowdInterval) == 0


def test_an_anonymous_caller_gets_401_and_an_oversized_body_413_before_any_is_read(
    sqlite_client: TestClient,
) -> None:
    answer = sqlite_client.post(
        "/api/v1/push", content=b"not json", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 401
    # A body declared larger than the route's cap is refused before anyone is asked who
    # is calling (the cap is applied before routing, and nothing of the body is read).
    answer = sqlite_client.post(
        "/api/v1/push",
        content=b" " * (MAX_BODY_BYTES + 1),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 413


def test_a_batch_above_the_apps_default_cap_but_within_the_push_cap_is_taken(
    sqlite_client: TestClient,
) -> None:
    padded = json.dumps(body(crowd(0))) + " " * (2 * 1024 * 1024)  # 2 MiB: over the 1 MiB default
    answer = sqlite_client.post(
        "/api/v1/push", content=padded, headers={**NODE, "Content-Type": "application/json"}
    )
    assert answer.status_code == 200, answer.text


def test_an_anonymous_caller_gets_401_before_its_body_is_read(
    sqlite_client: TestClient,
) -> None:
    for content in (b"not json", json.dumps(body(crowd(0))).encode()):
        answer = sqlite_client.post(
            "/api/v1/push", content=content, headers={"Content-Type": "application/json"}
        )
        assert answer.status_code == 401
