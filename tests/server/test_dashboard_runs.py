"""``/dashboard/runs``: the runs over a range with their frames, and the gaps with the
outages recorded in them, up to now and within the caller's camera scope."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from privacam.records import Coverage, Outage, RunRecord
from privacam.server.access import Principal, Role
from tests.server.conftest import make_client
from tests.server.fakes import FixedAuthenticator, as_role

MIDNIGHT = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # 2026-04-01 00:00 in Tokyo
H = timedelta(hours=1)
M = timedelta(minutes=1)
APRIL_1 = "?from=2026-04-01&to=2026-04-01"


def seed_run(store, frames: dict[str, int]) -> RunRecord:
    """A run from 01:00 to 05:00 Tokyo that saw cam1 with a 20-minute outage at 02:00."""
    run = RunRecord.begin(
        deployment_sha256="ab" * 32, case="crowd", source="gate.mp4", now=MIDNIGHT + H
    )
    with store.transaction() as tx:
        tx.write([run.finished("completed", now=MIDNIGHT + 5 * H)])
        tx.audit("run.end", run.run_id, {"records_written": 40, "cameras": {c: {"frames": n} for c, n in frames.items()}})  # fmt: skip
    store.write(
        [
            Coverage(camera_id="cam1", start=MIDNIGHT + H, end=MIDNIGHT + 2 * H),
            Outage(camera_id="cam1", start=MIDNIGHT + 2 * H, end=MIDNIGHT + 2 * H + 20 * M,
                   reason="stream lost"),
            Coverage(camera_id="cam1", start=MIDNIGHT + 2 * H + 20 * M, end=MIDNIGHT + 5 * H),
        ],
        run_id=run.run_id,
    )  # fmt: skip
    return run


def rows(page: str, heading: str) -> list[list[str]]:
    part = page.split(f'<h2 id="{heading}">', 1)[1].split("</table>", 1)[0]
    body = part.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_runs_table_shows_start_end_status_and_frames_in_local_time(client: TestClient) -> None:
    store = client.app.state.context.store
    run = seed_run(store, {"cam1": 1200})
    client.app.state.context.clock = lambda: MIDNIGHT + 10 * H
    page = client.get(f"/dashboard/runs{APRIL_1}", headers=as_role(Role.ANALYST))
    assert page.status_code == 200
    (row,) = rows(page.text, "runs")
    assert row[:6] == ["2026-04-01 01:00", "2026-04-01 05:00", "完了", "cam1", "1200", "40"]
    assert row[-1] == run.run_id[:8]


def test_gaps_say_why_where_an_outage_was_recorded_and_stop_at_now(client: TestClient) -> None:
    seed_run(client.app.state.context.store, {"cam1": 1200})
    client.app.state.context.clock = lambda: MIDNIGHT + 6 * H  # 06:00 Tokyo
    gaps = rows(client.get(f"/dashboard/runs{APRIL_1}", headers=as_role(Role.ADMIN)).text, "gaps")
    assert gaps == [
        ["cam1", "2026-04-01 00:00", "2026-04-01 01:00", "1時間 0分", "実行なし"],
        ["cam1", "2026-04-01 02:00", "2026-04-01 02:20", "20分", "stream lost"],
        ["cam1", "2026-04-01 05:00", "2026-04-01 06:00", "1時間 0分", "実行なし"],
    ]


def test_a_range_in_the_future_has_no_gaps_yet(sqlite_client: TestClient) -> None:
    sqlite_client.app.state.context.clock = lambda: MIDNIGHT - 48 * H
    page = sqlite_client.get(f"/dashboard/runs{APRIL_1}", headers=as_role(Role.ADMIN)).text
    assert rows(page, "gaps") == [["この期間に記録のない時間はありません"]]


def test_an_analyst_scoped_elsewhere_sees_neither_the_run_nor_its_gaps(
    loaded, server_store
) -> None:
    seed_run(server_store, {"cam1": 1200})
    scoped = Principal(name="aiko", role=Role.ANALYST, cameras=frozenset({"cam2"}))
    with make_client(loaded, server_store, FixedAuthenticator([scoped])) as client:
        client.app.state.context.clock = lambda: MIDNIGHT + 6 * H
        page = client.get(
            f"/dashboard/runs{APRIL_1}", headers={"Authorization": "Bearer test-aiko"}
        ).text
    assert "cam1" not in page and "gate.mp4" not in page
    assert rows(page, "runs") == [["この期間の実行はありません"]]
