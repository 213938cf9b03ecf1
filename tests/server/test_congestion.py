"""The public congestion page and feed (case ⑥): newest window per area, k-suppressed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from privacam.policy.loader import load_spec_text
from privacam.records import CrowdInterval
from privacam.server.access import Role
from privacam.store.export import export_rows
from tests.server.conftest import loaded_template, make_client
from tests.server.fakes import as_role

NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def interval(area: str, moving: int, still: int, level: int = 0, ago: int = 1) -> CrowdInterval:
    """A one-minute window of cam1 that ended ``ago`` minutes before now."""
    end = NOW - timedelta(minutes=ago - 1)
    return CrowdInterval(
        window_start=end - timedelta(minutes=1),
        window_end=end,
        camera_id="cam1",
        area=area,
        moving=moving,
        still=still,
        congestion_level=level,
    )


def areas(client) -> dict[str, dict]:
    return {area["area"]: area for area in client.get("/api/v1/congestion").json()["areas"]}


def edited(tmp_path, case: str, old: str, new: str):
    text = loaded_template(case, tmp_path).path.read_text(encoding="utf-8")
    assert old in text
    return load_spec_text(text.replace(old, new), path=tmp_path / "privacam.yaml")


def test_the_feed_gives_every_area_its_newest_window(client, server_store) -> None:
    server_store.write([interval("all", 40, 20, level=2, ago=3), interval("all", 25, 12, 1)])
    server_store.write([interval("concourse", 30, 10, level=2)])
    feed = client.get("/api/v1/congestion").json()
    assert [(a["camera_id"], a["area"]) for a in feed["areas"]] == [
        ("cam1", "all"),
        ("cam1", "concourse"),
    ]
    whole, concourse = feed["areas"]
    assert (whole["moving"], whole["still"], whole["total"]) == (25, 12, 37)
    assert whole["congestion_level"] == 1 and not whole["suppressed"]
    assert concourse["label"] == {"ja": "コンコース", "en": "Concourse"}
    assert feed["updated"] == NOW.isoformat() and feed["k"] == 10


def test_a_small_count_is_shown_as_suppressed_never_its_value(client, server_store) -> None:
    server_store.write([interval("all", 3, 0), interval("concourse", 24, 7)])
    by_area = areas(client)
    assert (by_area["all"]["moving"], by_area["all"]["still"]) == (None, 0)
    assert by_area["all"]["total"] is None and by_area["all"]["suppressed"]
    assert (by_area["concourse"]["moving"], by_area["concourse"]["total"]) == (24, None)
    page = client.get("/congestion").text
    assert "非表示" in page
    assert not re.search(r"<dd>\s*(3|7|31)\s*</dd>", page)


def test_the_feed_suppresses_exactly_as_export_published(client, server_store) -> None:
    server_store.write([interval("all", 9, 10), interval("concourse", 1, 55)])
    published = {
        row["area"]: row for row in export_rows(server_store, CrowdInterval, published_k=10)
    }
    for name, area in areas(client).items():
        row = published[name]
        assert (area["moving"], area["still"], area["suppressed"]) == (
            row["moving"],
            row["still"],
            row["suppressed"],
        )


def test_an_area_without_a_recent_window_shows_no_data(client, server_store) -> None:
    server_store.write([interval("all", 50, 0, ago=60 * 25)])  # 25 hours ago
    whole = areas(client)["all"]
    assert whole["window_end"] is None and whole["moving"] is None
    assert "データなし" in client.get("/congestion").text


def test_the_levels_follow_the_deployments_thresholds(tmp_path, server_store) -> None:
    loaded = edited(
        tmp_path, "crowd", "congestion_thresholds: [10, 30, 60]", "congestion_thresholds: [20, 80]"
    )
    server_store.write([interval("all", 60, 30, level=2)])
    with make_client(loaded, server_store) as client:
        feed = client.get("/api/v1/congestion").json()
        page = client.get("/congestion?lang=en").text
    assert [(lv["from"], lv["to"], lv["en"]) for lv in feed["levels"]] == [
        (0, 19, "Not crowded"),
        (20, 79, "Crowded"),
        (80, None, "Very crowded"),
    ]
    assert "80 people or more" in page and feed["areas"][0]["congestion_level"] == 2


@pytest.mark.parametrize(
    ("case", "old", "new"),
    [
        ("crowd", "publishes_aggregates: true", "publishes_aggregates: false"),
        ("counting", "schema_version: 1", "schema_version: 1"),
    ],
)
def test_a_deployment_that_publishes_no_congestion_has_no_feed(
    tmp_path, sqlite_server_store, case, old, new
) -> None:
    with make_client(edited(tmp_path, case, old, new), sqlite_server_store) as client:
        feed = client.get("/api/v1/congestion")
        page = client.get("/congestion")
    assert feed.status_code == 404 and "congestion" in feed.json()["detail"]
    assert page.status_code == 404 and "混雑状況は公開されていません" in page.text


def test_the_feed_may_be_cached_briefly_and_revalidated(client, server_store) -> None:
    server_store.write([interval("all", 25, 12)])
    first = client.get("/api/v1/congestion")
    assert first.headers["cache-control"] == "public, max-age=10"
    assert first.headers["last-modified"].endswith("GMT")
    etag = first.headers["etag"]
    assert client.get("/api/v1/congestion", headers={"if-none-match": etag}).status_code == 304
    server_store.write([interval("all", 26, 12, ago=0)])
    changed = client.get("/api/v1/congestion", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_a_signed_in_callers_feed_is_never_cached(client, server_store) -> None:
    answer = client.get("/api/v1/congestion", headers=as_role(Role.ANALYST))
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"


def test_the_page_refreshes_itself_with_the_vendored_htmx(sqlite_client) -> None:
    page = sqlite_client.get("/congestion").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    (script,) = [src for src in scripts if src.endswith("/static/vendor/htmx/htmx.min.js")]
    assert sqlite_client.get(script).status_code == 200
    assert 'hx-trigger="every 30s"' in page and 'hx-get="/congestion?lang=ja"' in page
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in page


def test_htmx_gets_the_area_list_alone(sqlite_client, sqlite_server_store) -> None:
    sqlite_server_store.write([interval("all", 25, 12)])
    fragment = sqlite_client.get("/congestion", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<section id="congestion-areas"')
    assert "<html" not in fragment and "<dd>37</dd>" in fragment


def test_without_javascript_a_reload_shows_the_new_window(client, server_store) -> None:
    server_store.write([interval("all", 25, 12, level=1, ago=2)])
    assert "<dd>37</dd>" in client.get("/congestion").text
    server_store.write([interval("all", 50, 20, level=3)])
    page = client.get("/congestion").text
    assert "<dd>70</dd>" in page and "大変混雑" in page


def test_the_page_has_no_inline_script_handler_or_style(sqlite_client, sqlite_server_store) -> None:
    sqlite_server_store.write([interval("all", 25, 12)])
    page = sqlite_client.get("/congestion").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\s(on[a-z]+|style)=", page)
    assert "<style" not in page and "https://" not in page.replace("https://testserver/", "")


def test_the_page_is_japanese_first_and_english_on_request(sqlite_client) -> None:
    assert '<html lang="ja">' in sqlite_client.get("/congestion").text
    assert "いまの混雑状況" in sqlite_client.get("/congestion").text
    assert "Congestion now" in sqlite_client.get("/congestion?lang=en").text
