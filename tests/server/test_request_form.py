"""The public request form and its status page, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from privacam.rights.requests import RequestLog, response_due
from privacam.rights.web_intake import MAX_PHOTO_BYTES
from privacam.server.rights_views import local_time
from privacam.store import Store
from privacam.store.ledger_tables import rights_request_tokens
from privacam.store.request_items import held_items
from tests.server.rights_helpers import (
    database_bytes,
    png_header_only,
    png_photo,
    repeat_client_over,
    request_id_of,
    status_path,
    submit,
)


@pytest.fixture
def repeat_client(tmp_path: Path, server_store: Store) -> Iterator[TestClient]:
    yield from repeat_client_over(tmp_path, server_store)


def requests_logged(client: TestClient) -> int:
    context = client.app.state.context
    return len(RequestLog(context.store, context.spec).requests())


def test_the_form_is_japanese_first_and_english_on_request(client: TestClient) -> None:
    ja = client.get("/requests/new")
    en = client.get("/requests/new?lang=en")
    assert ja.status_code == en.status_code == 200
    assert "開示・利用停止・消去等のご請求" in ja.text and "Request about your data" not in ja.text
    assert "Request about your data" in en.text
    for kind in ("disclosure", "stop_use", "deletion", "opt_out"):
        assert f'value="{kind}"' in ja.text
    assert 'name="csrf_token"' in ja.text


def test_a_crowd_deployment_asks_for_no_photo_and_case_3_does(
    client: TestClient, repeat_client: TestClient
) -> None:
    assert 'type="file"' not in client.get("/requests/new").text
    assert 'type="file"' in repeat_client.get("/requests/new").text


def test_the_pages_carry_no_inline_script_or_style(client: TestClient) -> None:
    received = submit(client)
    pages = [client.get("/requests/new").text, received.text]
    pages.append(client.get(status_path(received.text)).text)
    for page in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script
        assert "style=" not in page and "onclick" not in page


def test_a_request_from_the_form_shows_its_state_dates_and_deadline(client: TestClient) -> None:
    received = submit(client, "deletion")
    assert received.status_code == 200
    assert received.headers["cache-control"] == "no-store"
    status = client.get(status_path(received.text) + "?lang=en")
    assert status.status_code == 200
    assert "Received (identity check pending)" in status.text and "Deletion" in status.text
    context = client.app.state.context
    (request,) = RequestLog(context.store, context.spec).requests()
    # The deadline is requests.response_days (14) after the day of receipt, Tokyo time.
    due = response_due(request.received_at, context.spec)
    assert (due - request.received_at).days in (13, 14)
    shown = re.search(r"Answer due by</dt><dd>([0-9-]+ [0-9:]+)", status.text)
    assert shown is not None and shown.group(1) == local_time(due, "Asia/Tokyo")


def test_the_status_page_is_audited_as_a_public_access(client: TestClient) -> None:
    received = submit(client)
    client.get(status_path(received.text))
    entries = list(client.app.state.context.store.audit.entries())
    viewed = [e for e in entries if e.action == "request.status_viewed"]
    assert len(viewed) == 1 and viewed[0].actor == "public"
    assert [e.actor for e in entries if e.action == "request.received"] == ["public"]


def test_a_wrong_token_is_indistinguishable_from_an_absent_one(client: TestClient) -> None:
    real = status_path(submit(client).text)
    token = real.rsplit("/", 1)[1]
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    answers = [
        client.get(f"/requests/status/{candidate}")
        for candidate in (flipped, secrets.token_urlsafe(32), "x", "1" * 200)
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1
    letters = [
        client.get(f"/requests/status/{candidate}/answer.pdf")
        for candidate in (token, flipped, secrets.token_urlsafe(32))
    ]
    # Not answered yet, wrong, absent: one and the same 404.
    assert {a.status_code for a in letters} == {404} and len({a.text for a in letters}) == 1


def test_the_token_has_256_bits_and_only_its_hash_is_stored(client: TestClient) -> None:
    token = status_path(submit(client).text).rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    store = client.app.state.context.store
    with store.engine.connect() as connection:
        stored = list(connection.execute(select(rights_request_tokens.c.token_hash)).scalars())
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_a_request_without_a_kind_or_contact_is_refused_in_both_languages(
    client: TestClient,
) -> None:
    no_kind = submit(client, kind="anything")
    no_contact = submit(client, contact="   ")
    assert no_kind.status_code == no_contact.status_code == 400
    assert "依頼の種類を選んでください / choose what you are asking for" in no_kind.text
    assert "連絡先" in no_contact.text and "contact" in no_contact.text
    assert requests_logged(client) == 0


def test_a_photo_of_the_wrong_type_is_refused_whatever_its_name(
    repeat_client: TestClient,
) -> None:
    gif = b"GIF89a" + bytes(200)
    refused = submit(repeat_client, photo=gif, filename="face.jpg", content_type="image/jpeg")
    assert refused.status_code == 400
    assert "JPEG または PNG" in refused.text and "must be a JPEG or PNG" in refused.text
    assert requests_logged(repeat_client) == 0


def test_a_photo_above_the_size_limit_is_refused(repeat_client: TestClient) -> None:
    big = png_photo()[:64] + bytes(MAX_PHOTO_BYTES)
    refused = submit(repeat_client, photo=big)
    assert refused.status_code == 400
    assert "8 MB" in refused.text
    far_too_big = submit(repeat_client, photo=b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES + 200_000))
    assert far_too_big.status_code == 413
    assert requests_logged(repeat_client) == 0


def test_a_photo_above_the_pixel_limit_is_refused_from_its_header(
    repeat_client: TestClient,
) -> None:
    refused = submit(repeat_client, photo=png_header_only(6000, 5000))  # 30 MP, no pixels
    assert refused.status_code == 400
    assert "6000×5000" in refused.text and "megapixels" in refused.text
    assert requests_logged(repeat_client) == 0


def test_case_3_needs_a_photo_and_other_cases_take_none(
    client: TestClient, repeat_client: TestClient
) -> None:
    assert submit(repeat_client).status_code == 400
    assert submit(client, photo=png_photo()).status_code == 400


def test_the_photo_is_kept_sealed_never_in_plain(repeat_client: TestClient) -> None:
    photo = png_photo()
    assert submit(repeat_client, photo=photo).status_code == 200
    request_id = request_id_of(repeat_client)
    store = repeat_client.app.state.context.store
    assert held_items(store, request_id) == ["contact", "photo"]
    if store.engine.dialect.name == "sqlite":
        on_disk = database_bytes(store)
        assert photo[200:264] not in on_disk and "山田".encode() not in on_disk
