"""The web intake of the rights layer: photo checks, status tokens, sealed items."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from privacam.rights.requests import RequestLog
from privacam.rights.web_intake import (
    MAX_PHOTO_BYTES,
    PhotoRefused,
    check_photo,
    contact_of,
    new_status_token,
    receive_from_web,
    request_by_token,
)
from privacam.store import Store
from privacam.store.ledger_tables import rights_request_items, rights_request_tokens
from privacam.store.request_items import held_items, open_item
from tests.server.rights_helpers import png_header_only, png_photo


def jpeg(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def test_jpeg_and_png_are_told_by_their_first_bytes() -> None:
    assert check_photo(jpeg()) == "image/jpeg"
    assert check_photo(png_photo(20, 20)) == "image/png"
    for other in (b"GIF89a" + bytes(64), b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"<svg></svg>"):
        with pytest.raises(PhotoRefused, match="JPEG or PNG"):
            check_photo(other)


def test_a_photo_is_refused_above_the_byte_and_pixel_limits() -> None:
    with pytest.raises(PhotoRefused, match="larger than 8 MB"):
        check_photo(jpeg() + bytes(MAX_PHOTO_BYTES))
    with pytest.raises(PhotoRefused, match="4900×4900"):
        check_photo(png_header_only(4900, 4900))  # 24.01 MP
    assert check_photo(png_header_only(4000, 6000)) == "image/png"  # exactly 24 MP
    with pytest.raises(PhotoRefused, match="not a readable image"):
        check_photo(b"\xff\xd8\xff" + bytes(32))


def test_status_tokens_are_long_url_safe_and_never_repeat() -> None:
    tokens = {new_status_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) >= 43 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)


def test_the_token_opens_its_request_and_nothing_else(sqlite_store: Store, spec) -> None:
    log = RequestLog(sqlite_store, spec)
    receipt = receive_from_web(log, "disclosure", name="A", contact="a@x.jp", photo=jpeg())
    assert request_by_token(log, receipt.token).request_id == receipt.request.request_id
    assert request_by_token(log, receipt.token + "x") is None
    assert request_by_token(log, "") is None


def test_closing_a_request_by_any_tool_shreds_its_contact_and_photo(
    sqlite_store: Store, spec
) -> None:
    log = RequestLog(sqlite_store, spec)
    photo = jpeg()
    receipt = receive_from_web(log, "deletion", name="A", contact="a@x.jp", photo=photo)
    request_id = receipt.request.request_id
    assert open_item(sqlite_store, request_id, "photo").data == photo
    assert contact_of(log, request_id) == {"name": "A", "contact": "a@x.jp"}
    log.refuse(request_id, reason="identity not verified")  # as `privacam rights refuse` does
    assert held_items(sqlite_store, request_id) == []
    refused = [e for e in sqlite_store.audit.entries() if e.action == "request.refused"]
    assert '"shredded":["contact","photo"]' in refused[0].details.replace(" ", "")


def test_an_intake_failing_half_way_leaves_nothing_behind(
    sqlite_store: Store, spec, monkeypatch
) -> None:
    from privacam.rights import web_intake

    sealed = web_intake.seal_item

    def fail_on_the_photo(tx, request_id, name, data, **kw):
        if name == "photo":
            raise OSError("disk full")
        return sealed(tx, request_id, name, data, **kw)

    monkeypatch.setattr(web_intake, "seal_item", fail_on_the_photo)
    log = RequestLog(sqlite_store, spec)
    with pytest.raises(OSError):
        receive_from_web(log, "disclosure", name="A", contact="a@x.jp", photo=jpeg())
    assert log.requests() == []
    with sqlite_store.engine.connect() as connection:
        for table in (rights_request_items, rights_request_tokens):
            assert connection.execute(select(func.count()).select_from(table)).scalar() == 0


def test_a_vault_key_rotation_rewraps_the_sealed_items_too(sqlite_store: Store, spec) -> None:
    from privacam.store.vault_rotation import rotate_vault_key

    log = RequestLog(sqlite_store, spec)
    photo = jpeg()
    receipt = receive_from_web(log, "disclosure", name="A", contact="a@x.jp", photo=photo)
    report = rotate_vault_key(sqlite_store)
    assert report.rewrapped == 2 and report.replaced
    assert open_item(sqlite_store, receipt.request.request_id, "photo").data == photo
