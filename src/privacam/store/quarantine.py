"""The quarantine: unmasked originals of case ⑤, encrypted, time-limited, purged on expiry.

Only when the deployment sets ``case_settings.street.quarantine_dir`` does
``privacam anonymize`` keep an original, and then only here: each file is
encrypted with AES-256-GCM under its own random data key, in 1 MiB chunks (so
a long video never sits whole in memory). The data key is wrapped (AES-GCM)
by a master key kept outside the data: ``PRIVACAM_QUARANTINE_KEY`` (hex), or
the key file ``PRIVACAM_QUARANTINE_KEY_FILE`` (default
``~/.config/privacam/quarantine.key``, created 0600 on first use, like the
audit key). The header (format, expiry, original name, wrapped key) is bound
to every chunk as associated data, so an edited expiry fails to decrypt.

Retention is the deployment's ``quarantine`` data item, 72 h by default and
never above the 30-day ceiling (GB §6). :func:`purge_expired` deletes expired
entries; ``privacam purge`` calls it through the retention sweeper. Deleting
an entry first overwrites its wrapped data key, so even a recovered file
cannot be decrypted (crypto-shredding).

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> original = root / "street.jpg"; _ = original.write_bytes(b"unmasked pixels")
>>> q = Quarantine(root / "q", master_key=bytes(32))
>>> entry = q.put(original, "street.jpg")
>>> b"unmasked pixels" in entry.path.read_bytes(), q.read(entry.path)
(False, b'unmasked pixels')
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privacam.errors import InputError
from privacam.files import PARTIAL, write_atomic
from privacam.policy.loader import LoadedSpec
from privacam.policy.retention import effective_retention
from privacam.store.keys import QUARANTINE_KEY

log = logging.getLogger(__name__)

SUFFIX = ".pqar"
_MAGIC = b"PQAR1\n"
_CHUNK = 1 << 20
_NONCE = 12


def load_master_key(*, create: bool = True) -> bytes:
    """The 32-byte master key from the environment or the key file (created if allowed)."""
    return QUARANTINE_KEY.load(create=create)


def quarantine_retention(declared: timedelta | None) -> timedelta:
    """The declared retention, or privacam's default, never above the ceiling (GB §6)."""
    effective = effective_retention("quarantine", declared)
    if effective.clamped:
        log.warning("quarantine retention %s is above the ceiling %s", declared, effective.ceiling)
    return effective.period


@dataclass(frozen=True)
class QuarantineEntry:
    path: Path
    original_name: str
    created: datetime
    expires: datetime
    size: int


class Quarantine:
    """A directory of encrypted originals; ``retention`` is how long each is kept."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        retention: timedelta | None = None,
        master_key: bytes | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.retention = quarantine_retention(retention)
        self._master_key = master_key
        self._key_given = master_key is not None

    def __getstate__(self) -> dict[str, object]:
        # A key read from the environment or key file is not shipped to workers (pipes,
        # Ray's object store may spill to disk): each worker reads it from the same place.
        state = dict(self.__dict__)
        if not self._key_given:
            state["_master_key"] = None
        return state

    @property
    def master_key(self) -> bytes:
        if self._master_key is None:
            self._master_key = load_master_key(create=True)
        return self._master_key

    def put(self, source: Path, original_name: str, now: datetime | None = None) -> QuarantineEntry:
        """Encrypt ``source`` into the quarantine; the plaintext is never written here."""
        now = (now or datetime.now(UTC)).astimezone(UTC)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        data_key = AESGCM.generate_key(bit_length=256)
        wrap_nonce = os.urandom(_NONCE)
        header = {
            "format": 1,
            "original_name": original_name,
            "created": now.isoformat(),
            "expires": (now + self.retention).isoformat(),
            "size": source.stat().st_size,
            "wrap_nonce": wrap_nonce.hex(),
            "wrapped_key": AESGCM(self.master_key).encrypt(wrap_nonce, data_key, b"wrap").hex(),
        }
        header_bytes = json.dumps(header, sort_keys=True).encode()
        target = self.directory / f"{secrets.token_hex(16)}{SUFFIX}"
        aead = AESGCM(data_key)

        def encrypt_into(partial: Path) -> None:
            with open(partial, "wb") as out, open(source, "rb") as stream:
                out.write(_MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes)
                index = 0
                while True:
                    chunk = stream.read(_CHUNK)
                    last = len(chunk) < _CHUNK
                    nonce = struct.pack(">IQ", 0, index)
                    aad = header_bytes + struct.pack(">Q?", index, last)
                    sealed = aead.encrypt(nonce, chunk, aad)
                    out.write(struct.pack(">I?", len(sealed), last) + sealed)
                    index += 1
                    if last:
                        break

        write_atomic(target, encrypt_into, mode=0o600)
        return _entry(target, header)

    def read(self, path: Path) -> bytes:
        """Decrypt an entry (for an authorised restore); a tampered file raises InputError."""
        return b"".join(self.iter_plaintext(path))

    def iter_plaintext(self, path: Path) -> Iterator[bytes]:
        with open(path, "rb") as stream:
            header_bytes, header = _read_header(stream, path)
            try:
                data_key = AESGCM(self.master_key).decrypt(
                    bytes.fromhex(header["wrap_nonce"]),
                    bytes.fromhex(header["wrapped_key"]),
                    b"wrap",
                )
            except InvalidTag:
                raise InputError(
                    f"{path}: wrong quarantine key, or the entry was shredded"
                ) from None
            aead = AESGCM(data_key)
            index = 0
            while True:
                prefix = stream.read(5)
                if len(prefix) < 5:
                    raise InputError(f"{path}: truncated quarantine entry")
                size, last = struct.unpack(">I?", prefix)
                sealed = stream.read(size)
                try:
                    yield aead.decrypt(
                        struct.pack(">IQ", 0, index),
                        sealed,
                        header_bytes + struct.pack(">Q?", index, last),
                    )
                except InvalidTag:
                    raise InputError(
                        f"{path}: quarantine entry was altered (chunk {index})"
                    ) from None
                index += 1
                if last:
                    return

    def entries(self) -> list[QuarantineEntry]:
        if not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.glob(f"*{SUFFIX}")):
            if path.name.startswith("."):  # a write in progress (privacam.files.partial_path)
                continue
            try:
                with open(path, "rb") as stream:
                    _, header = _read_header(stream, path)
            except InputError as error:
                log.warning("%s", error)
                continue
            found.append(_entry(path, header))
        return found

    def purge_expired(self, now: datetime | None = None) -> list[QuarantineEntry]:
        """Shred and delete every entry whose expiry has passed; return what was deleted."""
        now = (now or datetime.now(UTC)).astimezone(UTC)
        deleted = []
        for entry in self.entries():
            if entry.expires <= now:
                shred(entry.path)
                deleted.append(entry)
        # Interrupted writes never held a complete entry; they go too (``*.part``: older
        # privacam versions).
        if self.directory.is_dir():
            for pattern in (f".*{PARTIAL}{SUFFIX}", "*.part"):
                for partial in self.directory.glob(pattern):
                    shred(partial)
        if deleted:
            log.info("quarantine %s: deleted %d expired original(s)", self.directory, len(deleted))
        return deleted


def shred(path: Path) -> None:
    """Overwrite the header (with the wrapped data key) and the first chunk, then unlink."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as stream:
            stream.write(os.urandom(min(size, _CHUNK + 4096)))
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        log.warning("could not overwrite %s before deleting it: %s", path, error)
    path.unlink(missing_ok=True)


def _read_header(stream, path: Path) -> tuple[bytes, dict]:  # type: ignore[no-untyped-def]
    if stream.read(len(_MAGIC)) != _MAGIC:
        raise InputError(f"{path} is not a privacam quarantine entry")
    (length,) = struct.unpack(">I", stream.read(4))
    header_bytes = stream.read(length)
    try:
        return header_bytes, json.loads(header_bytes)
    except ValueError:
        raise InputError(f"{path}: corrupt quarantine header") from None


def _entry(path: Path, header: dict) -> QuarantineEntry:
    return QuarantineEntry(
        path=path,
        original_name=header["original_name"],
        created=datetime.fromisoformat(header["created"]),
        expires=datetime.fromisoformat(header["expires"]),
        size=int(header["size"]),
    )


def quarantine_for(loaded: LoadedSpec, base_dir: Path | None = None) -> Quarantine | None:
    """The deployment's quarantine, or None if it has none.

    A relative ``quarantine_dir`` is relative to the deployment file's folder.
    """
    deployment = loaded.spec
    if base_dir is None and loaded.path is not None:
        base_dir = Path(loaded.path).resolve().parent
    street = deployment.case_settings.street
    if street is None or not street.quarantine_dir:
        return None
    directory = Path(street.quarantine_dir).expanduser()
    if not directory.is_absolute():
        directory = (base_dir or Path.cwd()) / directory
    item = deployment.data_item("quarantine")
    return Quarantine(directory, retention=None if item is None else item.retention)
