"""The vault's envelope encryption: a random data key per template, wrapped by a master key.

Each face feature is sealed with AES-256-GCM under its own data key; the data key is
itself sealed (wrapped) with AES-256-GCM under the vault's master key
(:data:`privacam.store.keys.VAULT_KEY`), which never enters the database. Both seals
carry associated data naming the row they belong to (the template id, the visitor
id and the store, and for a data key the id of its template), so a ciphertext or a wrapped key moved
onto another row fails to open. Deleting the wrapped key is enough to make the
ciphertext unreadable for good (crypto-shredding); rotating the master key re-wraps
every data key and leaves the old master key opening nothing.

>>> master = bytes(range(32))
>>> feature = Sealed.seal(b"feature bytes", aad=template_aad("t1", "v1", "s1"))
>>> wrapped = WrappedKey.wrap(feature.data_key, master, aad=key_aad("template", "t1"))
>>> data_key = wrapped.unwrap(master, aad=key_aad("template", "t1"))
>>> feature.open(data_key, aad=template_aad("t1", "v1", "s1"))
b'feature bytes'
>>> feature.open(data_key, aad=template_aad("t1", "v2", "s1"))
Traceback (most recent call last):
...
privacam.store.vault_crypto.VaultIntegrityError: ...
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privacam.errors import PrivacamError

_NONCE = 12
_FORMAT = b"privacam-vault-v1"


class VaultIntegrityError(PrivacamError):
    """A sealed value did not open: wrong key, or a row's bytes moved or edited."""


def master_key_id(master_key: bytes) -> str:
    """A short public fingerprint of a master key, stored beside each wrapped key.

    It names which master key wrapped a row (so a wrong key file is reported as such,
    and a rotation interrupted half-way is recognised) without revealing the key.

    >>> master_key_id(bytes(32)) == master_key_id(bytes(32)) != master_key_id(bytes(31) + b"x")
    True
    """
    return hmac.new(master_key, b"privacam vault master key id", hashlib.sha256).hexdigest()[:16]


def template_aad(template_id: str, visitor_id: str, store_id: str) -> bytes:
    """Associated data of a visitor template: its own row, its visitor and its store (so a
    template moved to another store's gallery fails to open too)."""
    parts = (template_id, visitor_id, store_id)
    return b"|".join((_FORMAT, b"template", *(part.encode() for part in parts)))


def exclusion_aad(exclusion_id: str) -> bytes:
    """Associated data of an exclusion (opt-out) template."""
    return b"|".join((_FORMAT, b"exclusion", exclusion_id.encode()))


def key_aad(owner: str, owner_id: str) -> bytes:
    """Associated data of a wrapped data key: the kind and id of the row it opens."""
    return b"|".join((_FORMAT, b"key", owner.encode(), owner_id.encode()))


@dataclass(frozen=True)
class Sealed:
    """A plaintext sealed under a fresh data key; ``data_key`` lives only in memory."""

    nonce: bytes
    ciphertext: bytes
    data_key: bytes = field(default=b"", repr=False)

    @classmethod
    def seal(cls, plaintext: bytes, *, aad: bytes) -> Sealed:
        data_key = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(_NONCE)
        return cls(nonce, AESGCM(data_key).encrypt(nonce, plaintext, aad), data_key)

    def open(self, data_key: bytes, *, aad: bytes) -> bytes:
        try:
            return AESGCM(data_key).decrypt(self.nonce, self.ciphertext, aad)
        except (InvalidTag, ValueError):
            raise VaultIntegrityError(
                "保管庫のテンプレートを復号できません（行が改ざんまたは入れ替えられています） / "
                "a vault template does not open: its row was edited or swapped"
            ) from None


@dataclass(frozen=True)
class WrappedKey:
    """A data key sealed under the master key whose fingerprint is ``master_key_id``."""

    nonce: bytes
    wrapped: bytes
    master_key_id: str

    @classmethod
    def wrap(cls, data_key: bytes, master_key: bytes, *, aad: bytes) -> WrappedKey:
        nonce = os.urandom(_NONCE)
        return cls(
            nonce, AESGCM(master_key).encrypt(nonce, data_key, aad), master_key_id(master_key)
        )

    def unwrap(self, master_key: bytes, *, aad: bytes) -> bytes:
        try:
            return AESGCM(master_key).decrypt(self.nonce, self.wrapped, aad)
        except (InvalidTag, ValueError):
            raise VaultIntegrityError(
                "保管庫のデータ鍵を開けません（マスター鍵が違うか、行が改ざんされています） / "
                "a vault data key does not open: wrong master key, or its row was edited or "
                "swapped"
            ) from None

    def rewrap(self, old_master: bytes, new_master: bytes, *, aad: bytes) -> WrappedKey:
        """The same data key under ``new_master`` (a fresh nonce)."""
        return WrappedKey.wrap(self.unwrap(old_master, aad=aad), new_master, aad=aad)
