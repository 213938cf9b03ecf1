"""The public notice: served from the files ``privacam notice`` rendered, only while current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from privacam.policy.floor_plan import write_sample_floor_plan_beside
from privacam.policy.notice import MANIFEST_NAME, render_notice
from privacam.server.limits import LimitSettings, RateLimit
from tests.server.conftest import loaded_template
from tests.server.test_limits import limited_client


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """The crowd template's notice, rendered once for the module (about a second)."""
    folder = tmp_path_factory.mktemp("rendered")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMERA_PASSWORD", "pw")
        loaded = loaded_template("crowd", folder)
        write_sample_floor_plan_beside(loaded.path)  # as `privacam init` does
        render_notice(loaded, folder / "notice")
    return folder / "notice"


@pytest.fixture
def notice_dir(rendered: Path, loaded) -> Path:
    """The rendered notice where the server looks for it: ``notice/`` beside the file."""
    target = loaded.path.parent / "notice"
    shutil.copytree(rendered, target)
    return target


def edit_manifest(folder: Path, **changes) -> None:
    path = folder / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, **changes}), encoding="utf-8")


def test_the_notice_is_served_in_japanese_unless_english_is_asked_for(
    sqlite_client, notice_dir
) -> None:
    japanese = sqlite_client.get("/notice")
    assert japanese.status_code == 200
    assert japanese.headers["content-type"] == "text/html; charset=utf-8"
    assert japanese.content == (notice_dir / "notice-ja.html").read_bytes()
    english = sqlite_client.get("/notice?lang=en")
    assert english.content == (notice_dir / "notice-en.html").read_bytes()
    assert sqlite_client.get("/notice", headers={"accept-language": "en"}).content == (
        english.content
    )


def test_the_signs_are_served_as_pdf_and_png(sqlite_client, notice_dir) -> None:
    pdf = sqlite_client.get("/notice/sign-ja.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert (
        pdf.content.startswith(b"%PDF") and pdf.content == (notice_dir / "sign-ja.pdf").read_bytes()
    )
    png = sqlite_client.get("/notice/sign-en.png")
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "path",
    [
        "/notice/..%2Fprivacam.yaml",
        "/notice/%2E%2E%2Fprivacam.yaml",
        "/notice/..%5Cprivacam.yaml",
        "/notice/notice-manifest.json",
        "/notice/stray.html",
        "/notice/%2Fetc%2Fpasswd",
    ],
)
def test_nothing_outside_the_manifests_files_is_served(sqlite_client, notice_dir, path) -> None:
    (notice_dir / "stray.html").write_text("<p>not rendered by privacam</p>", encoding="utf-8")
    response = sqlite_client.get(path)
    assert response.status_code == 404
    assert "schema_version" not in response.text and "root:" not in response.text
    assert "not rendered by privacam" not in response.text


def test_an_unknown_notice_file_gets_a_bilingual_404_page(sqlite_client, notice_dir) -> None:
    response = sqlite_client.get("/notice/sign-xx.pdf")
    assert response.status_code == 404
    assert "ファイルが見つかりません" in response.text


def test_without_a_rendered_notice_a_bilingual_404_says_to_run_privacam_notice(
    sqlite_client,
) -> None:
    japanese = sqlite_client.get("/notice")
    assert japanese.status_code == 404
    assert "まだ作成されていません" in japanese.text
    assert "privacam notice privacam.yaml -o notice" in japanese.text
    english = sqlite_client.get("/notice/sign-ja.pdf?lang=en")
    assert english.status_code == 404 and "has not been rendered yet" in english.text


def test_a_notice_rendered_for_another_version_of_the_file_is_out_of_date(
    sqlite_client, notice_dir
) -> None:
    edit_manifest(notice_dir, deployment_sha256="0" * 64)
    response = sqlite_client.get("/notice?lang=en")
    assert response.status_code == 503
    assert "out of date" in response.text and "privacam notice" in response.text
    assert response.content != (notice_dir / "notice-en.html").read_bytes()
    assert sqlite_client.get("/notice/sign-ja.pdf").status_code == 503


def test_a_draft_notice_is_not_published(sqlite_client, notice_dir) -> None:
    edit_manifest(notice_dir, draft=True)
    response = sqlite_client.get("/notice")
    assert response.status_code == 503
    assert "案" in response.text and "draft" in sqlite_client.get("/notice?lang=en").text


def test_a_notice_file_edited_after_rendering_is_not_served(sqlite_client, notice_dir) -> None:
    (notice_dir / "notice-ja.html").write_text("<p>edited</p>", encoding="utf-8")
    response = sqlite_client.get("/notice")
    assert response.status_code == 503
    assert "edited" not in response.text and "変更または削除" in response.text


def test_the_notice_pages_policy_allows_its_own_inline_style_and_no_script(
    sqlite_client, notice_dir
) -> None:
    policy = sqlite_client.get("/notice").headers["content-security-policy"]
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["style-src"].startswith("'self' 'sha256-")
    assert "unsafe-inline" not in policy


def test_notice_files_carry_their_digest_as_etag_and_answer_304_when_unchanged(
    sqlite_client, notice_dir
) -> None:
    manifest = json.loads((notice_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    first = sqlite_client.get("/notice/sign-ja.png")
    assert first.headers["etag"] == f'"{manifest["files"]["sign-ja.png"]}"'
    assert "max-age=300" in first.headers["cache-control"]
    again = sqlite_client.get(
        "/notice/sign-ja.png", headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""


def test_the_files_page_links_every_rendered_file(sqlite_client, notice_dir) -> None:
    page = sqlite_client.get("/notice/files?lang=en")
    assert page.status_code == 200
    manifest = json.loads((notice_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    for name in manifest["files"]:
        assert f'href="/notice/{name}"' in page.text
    assert "On-site sign (PDF)" in page.text


def test_a_visitor_over_the_rate_limit_gets_a_bilingual_429_page(
    loaded, sqlite_server_store, notice_dir
) -> None:
    limits = LimitSettings(public_rate=RateLimit(per_minute=1, burst=2))
    client = limited_client(loaded, sqlite_server_store, limits)
    assert [client.get("/notice").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/notice")
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("text/html")
    assert "アクセスが集中しています" in refused.text and int(refused.headers["retry-after"]) >= 1
