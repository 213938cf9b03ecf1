"""A request made on the public web form: the photo's checks, the status token, the intake.

The form gives the kind of request, the requester's name and contact (the privacy
officer needs them for the identity check) and, in case ③, a photo of their face (the
vault is searched with it). What it keeps, and for how long:

- the contact and the photo, each sealed (:mod:`privacam.store.request_items`), until
  the request closes: the step that completes or refuses it shreds them;
- the photo goes earlier still, once the match has used it (or found it unusable);
- a status token of 256 random bits, shown once to the requester, kept by its SHA-256;
- the request log's ``reference``: a keyed hash of the contact, so that a second request
  from the same contact is recorded as a duplicate (it still needs its own identity check).

A photo is refused before anything is decoded: JPEG or PNG by its first bytes (not by
its name or declared type), at most :data:`MAX_PHOTO_BYTES`, and at most
:data:`MAX_PHOTO_PIXELS` as its header declares.

>>> photo_type(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(8))
'image/png'
>>> len(new_status_token()) >= 43, token_hash("abc")[:12]
(True, 'ba7816bf8f01')
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import unicodedata
from dataclasses import dataclass

import imagesize

from privacam.errors import InputError
from privacam.policy.spec import Case
from privacam.rights.requests import RequestKind, RequestLog, RightsRequest
from privacam.store import StoreTransaction
from privacam.store.request_items import (
    open_item,
    request_for_token_hash,
    seal_item,
    store_token_hash,
)
from privacam.store.vault_master import load_master_key

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 24_000_000
MAX_TEXT = 200  # characters of a name or a contact
TOKEN_BYTES = 32  # 256 bits, URL-safe base64: 43 characters

_MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class PhotoRefused(InputError):
    """The photo is not one privacam takes: wrong type, too large, too many pixels."""


def photo_type(data: bytes) -> str:
    """The photo's media type from its first bytes; :class:`PhotoRefused` unless JPEG or PNG."""
    for magic, media_type in _MAGIC.items():
        if data.startswith(magic):
            return media_type
    raise PhotoRefused(
        "写真は JPEG または PNG の画像にしてください / the photo must be a JPEG or PNG image"
    )


def check_photo(data: bytes) -> str:
    """Refuse a photo by type, size and pixel count before decoding; its media type."""
    if not data:
        raise PhotoRefused("写真が空です / the photo is empty")
    if len(data) > MAX_PHOTO_BYTES:
        limit = MAX_PHOTO_BYTES // (1024 * 1024)
        raise PhotoRefused(
            f"写真が大きすぎます（上限 {limit} MB） / the photo is larger than {limit} MB"
        )
    media_type = photo_type(data)
    try:
        width, height = imagesize.get(io.BytesIO(data))
    except (OSError, ValueError):
        width = height = -1
    if width <= 0 or height <= 0:
        raise PhotoRefused("写真を画像として読めません / the photo is not a readable image")
    if width * height > MAX_PHOTO_PIXELS:
        cap = MAX_PHOTO_PIXELS // 1_000_000
        raise PhotoRefused(
            f"写真の画素数が多すぎます（{width}×{height}、上限 {cap} メガピクセル）。縮小して"
            f"ください / the photo has too many pixels ({width}×{height}, the limit is "
            f"{cap} megapixels): downscale it"
        )
    return media_type


def new_status_token() -> str:
    """A fresh status token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256 (hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _clean(value: str, what_ja: str, what_en: str) -> str:
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        raise InputError(f"{what_ja}を入力してください / enter your {what_en}")
    if len(text) > MAX_TEXT:
        raise InputError(
            f"{what_ja}が長すぎます（{MAX_TEXT} 文字まで） / your {what_en} is longer than "
            f"{MAX_TEXT} characters"
        )
    return text


@dataclass(frozen=True)
class WebReceipt:
    """A request received from the form, and the token its status page is reached with."""

    request: RightsRequest
    token: str


def contact_reference(log: RequestLog, contact: str) -> str:
    """A keyed hash of the contact (the vault's master key): equal for the same contact,
    meaningless without the key."""
    with log.store.engine.connect() as connection:
        key = load_master_key(connection)
    normalized = contact.casefold().replace(" ", "").encode("utf-8")
    return "web:" + hmac.new(key, normalized, hashlib.sha256).hexdigest()[:32]


def receive_from_web(
    log: RequestLog,
    kind: RequestKind | str,
    *,
    name: str,
    contact: str,
    photo: bytes | None = None,
) -> WebReceipt:
    """Log a request from the form with its sealed contact (and photo), in one transaction."""
    name = _clean(name, "お名前", "name")
    contact = _clean(contact, "連絡先", "contact (e-mail or phone)")
    wants_photo = log.spec.case == Case.repeat
    if wants_photo and photo is None:
        raise PhotoRefused(
            "この窓口では照合のため顔写真が必要です / this request needs a photo of your face "
            "(we search our face templates with it)"
        )
    if not wants_photo and photo is not None:
        raise PhotoRefused(
            "この窓口では顔写真は使いません。写真なしで送信してください / these cameras keep no "
            "face data: send the request without a photo"
        )
    media_type = check_photo(photo) if photo is not None else None
    token = new_status_token()
    now = log.clock()

    def seal(tx: StoreTransaction, request_id: str) -> None:
        store_token_hash(tx, request_id, token_hash(token))
        details = json.dumps({"name": name, "contact": contact}, ensure_ascii=False)
        seal_item(
            tx, request_id, "contact", details.encode(), media_type="application/json", now=now
        )
        if photo is not None and media_type is not None:
            seal_item(tx, request_id, "photo", photo, media_type=media_type, now=now)

    request = log.receive(
        kind,
        reference=contact_reference(log, contact),
        received_at=now,
        note="web form",
        actor="public",
        within=seal,
    )
    return WebReceipt(request, token)


def request_by_token(log: RequestLog, token: str) -> RightsRequest | None:
    """The request ``token`` opens; ``None`` for a wrong or absent token alike."""
    if not token or len(token) > 128:
        return None
    request_id = request_for_token_hash(log.store, token_hash(token))
    return None if request_id is None else log.get(request_id)


def contact_of(log: RequestLog, request_id: str) -> dict[str, str] | None:
    """The requester's name and contact, while the request holds them."""
    item = open_item(log.store, request_id, "contact")
    return None if item is None else json.loads(item.data)
