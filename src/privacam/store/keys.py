"""Keys kept outside the data: the audit chain's HMAC key, the quarantine's and the vault's
master keys.

Each key comes from an environment variable (hex), or from a key file (default under
``~/.config/privacam``, created 0600 with random bytes on first use). Keeping the key
off the database and off the data disk is what makes the audit chain tamper-evident
and the quarantine's encryption worth having.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> demo = KeySource("demo", "DEMO_KEY", "DEMO_KEY_FILE", "demo.key", min_bytes=16)
>>> os.environ["DEMO_KEY_FILE"] = os.path.join(folder, "demo.key")
>>> len(demo.load(create=True))
32
>>> demo.load(create=False) == demo.load(create=False)
True
>>> del os.environ["DEMO_KEY_FILE"]
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from privacam.errors import InputError
from privacam.files import write_atomic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeySource:
    """Where one kind of key is found; ``exact_bytes`` fixes its length (e.g. AES-256)."""

    name: str  # "audit", "quarantine": used in messages
    env: str
    file_env: str
    default_file_name: str
    min_bytes: int = 16
    exact_bytes: int | None = None
    #: What to say when a new key file is made (how to keep it safe).
    created_advice: str = "back it up"

    def default_file(self) -> Path:
        default = f"~/.config/privacam/{self.default_file_name}"
        return Path(os.environ.get(self.file_env) or default).expanduser()

    def location(self) -> str:
        """Where the key comes from now: the environment variable, or the key file's path."""
        return f"${self.env}" if os.environ.get(self.env) else str(self.default_file())

    def load(self, *, create: bool) -> bytes:
        """The key from the environment or the key file; ``create`` makes the file if absent."""
        if value := os.environ.get(self.env):
            return self.parse(value, self.env)
        path = self.default_file()
        if not path.exists():
            if not create:
                raise InputError(
                    f"no {self.name} key: {path} does not exist; set {self.env} or "
                    f"{self.file_env} to the key the data was written with"
                )
            self._create(path)
        try:
            value = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{self.name} key file {path}: cannot read it ({error})") from None
        if path.stat().st_mode & 0o077:
            log.warning("%s key file %s is readable by others; chmod 600 it", self.name, path)
        return self.parse(value, str(path))

    def parse(self, value: str, where: str) -> bytes:
        size = self.exact_bytes or 32
        try:
            key = bytes.fromhex(value.strip())
        except ValueError:
            raise InputError(
                f"{where}: the {self.name} key must be hex ({2 * size} hex digits), e.g. from "
                f"`openssl rand -hex {size}`"
            ) from None
        if self.exact_bytes is not None and len(key) != self.exact_bytes:
            raise InputError(
                f"{where}: the {self.name} key is {len(key)} bytes; it must be {self.exact_bytes}"
            )
        if len(key) < self.min_bytes:
            raise InputError(
                f"{where}: the {self.name} key is {len(key)} bytes; use at least "
                f"{self.min_bytes} (32 is best)"
            )
        return key

    def _create(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_hex(self.exact_bytes or 32) + "\n"
        try:
            # Whole or not at all: a reader never finds the file empty or half-written.
            write_atomic(path, key.encode("ascii"), mode=0o600, overwrite=False)
        except FileExistsError:  # another process made it first: use theirs
            return
        log.warning("created a new %s key at %s: %s", self.name, path, self.created_advice)


AUDIT_KEY = KeySource(
    "audit",
    "PRIVACAM_AUDIT_KEY",
    "PRIVACAM_AUDIT_KEY_FILE",
    "audit.key",
    min_bytes=16,
    created_advice="back it up, verification needs it",
)
QUARANTINE_KEY = KeySource(
    "quarantine",
    "PRIVACAM_QUARANTINE_KEY",
    "PRIVACAM_QUARANTINE_KEY_FILE",
    "quarantine.key",
    exact_bytes=32,
    created_advice="keep it off the data disk",
)
VAULT_KEY = KeySource(
    "vault",
    "PRIVACAM_VAULT_KEY",
    "PRIVACAM_VAULT_KEY_FILE",
    "vault.key",
    exact_bytes=32,
    created_advice=("keep it off the data disk and back it up: without it no face template opens"),
)
