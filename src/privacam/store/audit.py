"""The append-only audit log, chained with an HMAC-SHA256 keyed outside the database.

Each entry's MAC covers its own fields and the MAC of the entry before it, so an
edited entry breaks its own MAC and a removed one breaks the chain. Removing
entries from the end leaves a valid shorter chain; the *head* (last seq and MAC)
catches that: it is written to a file beside the database after every append,
and ``privacam audit head`` exports it for the operator to keep elsewhere.

The key never enters the database: ``PRIVACAM_AUDIT_KEY`` (hex), or a key file
(``PRIVACAM_AUDIT_KEY_FILE``, default ``~/.config/privacam/audit.key``) created
with mode 0600 from ``os.urandom`` on first use. Whoever rewrites the whole chain
without the key produces MACs that fail under it.

A writer appends only under the key the chain was written with: a new key file is
made only for a store with no audit entries yet, and an append under another key
(another ``PRIVACAM_AUDIT_KEY_FILE``) is refused, since it would fork the chain into
two halves that verify under neither key.

Actions privacam writes: ``run.start``, ``run.end``, ``notice.render``,
``purge``, ``export``, ``config.change``, ``records.replace``; other layers add theirs (requests,
incidents, vault access). Details must never carry personal data themselves.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import hmac
import json
import logging
import os
import socket
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from privacam.errors import InputError, PrivacamError
from privacam.files import write_atomic
from privacam.store.engine import WRITE
from privacam.store.keys import AUDIT_KEY
from privacam.store.tables import audit_log

log = logging.getLogger(__name__)

#: prev_mac of the first entry.
GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x61756474


class AuditKeyMismatch(InputError):
    """The audit key at hand is not the one the store's chain was written with (exit 2)."""


def default_key_file() -> Path:
    return AUDIT_KEY.default_file()


def load_key(*, create: bool) -> bytes:
    """The audit key from the environment or the key file; ``create`` makes the file if absent."""
    return AUDIT_KEY.load(create=create)


def key_id(key: bytes) -> str:
    """A short public fingerprint of the key, so a wrong key is named as such."""
    return hmac.new(key, b"privacam audit key id", hashlib.sha256).hexdigest()[:16]


def default_actor() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        user = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return f"{user}@{socket.gethostname()}"


def canonical_details(details: Mapping[str, Any] | None) -> str:
    """Details as the exact JSON text that is stored and MACed."""
    return json.dumps(
        dict(details or {}),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"audit details: {type(value).__name__} is not JSON serialisable")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: datetime
    actor: str
    action: str
    subject: str
    details: str  # canonical JSON text
    prev_mac: str
    mac: str

    def message(self) -> bytes:
        """The bytes the MAC covers: every field but the MAC itself."""
        fields = [
            self.seq,
            self.time.astimezone(UTC).isoformat(),
            self.actor,
            self.action,
            self.subject,
            self.details,
            self.prev_mac,
        ]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def expected_mac(self, key: bytes) -> str:
        return hmac.new(key, self.message(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AuditHead:
    """The last entry's seq and MAC: what a truncated chain can no longer match."""

    seq: int
    mac: str
    time: datetime | None = None
    key_id: str | None = None
    #: Where that key was found (``$PRIVACAM_AUDIT_KEY`` or a key file's path): a hint
    #: for whoever must name the right key, never the key itself.
    key_file: str | None = None

    def to_json(self) -> str:
        data = {
            "seq": self.seq,
            "mac": self.mac,
            "time": self.time.isoformat() if self.time else None,
            "key_id": self.key_id,
            "key_file": self.key_file,
        }
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def read(cls, path: Path) -> AuditHead:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                seq=int(data["seq"]),
                mac=str(data["mac"]),
                time=datetime.fromisoformat(data["time"]) if data.get("time") else None,
                key_id=data.get("key_id"),
                key_file=data.get("key_file"),
            )
        except FileNotFoundError:
            raise InputError(f"{path}: no such head file") from None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InputError(f"{path}: not an audit head file ({error})") from None

    def write(self, path: Path) -> None:
        """Atomically replace ``path`` (a reader never sees half a head)."""
        # write_atomic gives each writer a temp name of its own: concurrent writers must
        # not replace each other's half-written temp file (seen with threads on PostgreSQL).
        write_atomic(path, self.to_json().encode("utf-8"), mode=0o600)


@dataclass
class VerifyReport:
    entries: int
    #: (seq, what is wrong there), in seq order.
    problems: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    head: AuditHead | None = None
    #: What is wrong with the store's guards rather than with one entry (dropped triggers).
    guard_problems: list[str] = field(default_factory=list)
    #: The head file beside the database, when the chain has entries but the file is gone.
    missing_head_file: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not self.guard_problems

    @property
    def first_bad_seq(self) -> int | None:
        return min(seq for seq, _ in self.problems) if self.problems else None


class AuditChainError(PrivacamError):
    """``audit verify`` found a broken chain (exit code 1)."""


class AuditLog:
    """The audit log of one store. Get it as ``store.audit``.

    ``head_path`` is the head file kept beside the database (None: no head file).
    """

    def __init__(self, engine: Engine, head_path: Path | None) -> None:
        self._engine = engine
        self.head_path = head_path
        self._key: bytes | None = None

    def key(self, *, create: bool = True) -> bytes:
        if self._key is None:
            self._key = load_key(create=create)
        return self._key

    # ------------------------------------------------------------------ writing

    def append(
        self,
        action: str,
        subject: str,
        details: Mapping[str, Any] | None = None,
        *,
        actor: str | None = None,
        connection: Connection | None = None,
    ) -> AuditEntry:
        """Append one entry and update the head file.

        With ``connection`` the entry joins that transaction (use
        ``store.transaction()``, which writes the head after commit); without,
        it is committed on its own at once.
        """
        if connection is not None:
            return self._append(connection, action, subject, details, actor)
        with self._engine.connect().execution_options(**WRITE) as own, own.begin():
            entry = self._append(own, action, subject, details, actor)
        self.write_head_file()
        return entry

    def _append(
        self,
        connection: Connection,
        action: str,
        subject: str,
        details: Mapping[str, Any] | None,
        actor: str | None,
    ) -> AuditEntry:
        if connection.dialect.name == "postgresql":  # one appender at a time, per database
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
        last = _last_entry(connection)
        key = self._key_of_chain(last)
        seq, prev_mac = (last.seq + 1, last.mac) if last else (1, GENESIS)
        draft = AuditEntry(
            seq=seq,
            # Microseconds are what both SQLite text and PostgreSQL timestamptz keep exactly.
            time=datetime.now(UTC),
            actor=actor or default_actor(),
            action=action,
            subject=subject,
            details=canonical_details(details),
            prev_mac=prev_mac,
            mac="",
        )
        entry = AuditEntry(**{**draft.__dict__, "mac": draft.expected_mac(key)})
        connection.execute(audit_log.insert().values(**entry.__dict__))
        log.debug("audit %d: %s %s", entry.seq, action, subject)
        return entry

    def require_key(self) -> bytes:
        """The key appends will use, or :class:`AuditKeyMismatch` when appending would fork
        the chain; for work that must not start unless it can be audited (an export)."""
        with self._engine.connect() as connection:
            return self._key_of_chain(_last_entry(connection))

    def _key_of_chain(self, last: AuditEntry | None) -> bytes:
        """The key to append under: a new key only for an empty log, else the chain's own."""
        if last is None:
            return self.key(create=True)
        try:
            key = self.key(create=False)
        except InputError:
            raise AuditKeyMismatch(self._wrong_key_message(last, None)) from None
        if not hmac.compare_digest(last.mac, last.expected_mac(key)):
            raise AuditKeyMismatch(self._wrong_key_message(last, key))
        return key

    def _wrong_key_message(self, last: AuditEntry, key: bytes | None) -> str:
        """One bilingual line: which key is at hand, and which one the chain needs."""
        recorded = self._recorded_head()
        expected = recorded.key_file if recorded and recorded.key_file else None
        written = f" (key id {recorded.key_id})" if recorded and recorded.key_id else ""
        where = AUDIT_KEY.location()
        if expected:
            need_ja = f"鍵 {expected} で書かれています。PRIVACAM_AUDIT_KEY_FILE にその鍵を"
            need_en = f"the key in {expected}{written}; set PRIVACAM_AUDIT_KEY_FILE to that file"
        else:
            need_ja = "別の鍵で書かれています。書いたときの鍵ファイルを PRIVACAM_AUDIT_KEY_FILE に"
            need_en = (
                f"another key{written}; set PRIVACAM_AUDIT_KEY_FILE to the key file it was "
                "written with"
            )
        if key is None:
            have_ja, have_en = f"監査鍵 {where} がありません", f"no audit key at {where}"
        else:
            have_ja = f"監査鍵 {where}（ID {key_id(key)}）はこの監査ログの鍵ではありません"
            have_en = f"the audit key {where} (key id {key_id(key)}) is not this log's key"
        if where.startswith("$"):  # the variable wins over any key file: it must go
            need_ja = f"{need_ja}（{where[1:]} を外して）"
            need_en = f"{need_en}, and unset {where[1:]}"
        return (
            f"{have_ja}。監査ログ（{last.seq} 件）は{need_ja}指定してください / {have_en}: the "
            f"audit log ({last.seq} entries) was written under {need_en} (appending under "
            "another key would fork the chain)"
        )

    def _recorded_head(self) -> AuditHead | None:
        if self.head_path is None:
            return None
        try:
            return AuditHead.read(self.head_path)
        except InputError:
            return None

    def write_head_file(self) -> AuditHead | None:
        """Write the current head beside the database (never moving it backwards)."""
        head = self.head()
        if head is None or self.head_path is None:
            return head
        with contextlib.suppress(InputError):
            if AuditHead.read(self.head_path).seq > head.seq:
                return head  # a concurrent writer already wrote a newer head
        head.write(self.head_path)
        return head

    # ------------------------------------------------------------------ reading

    def entries(self) -> Iterator[AuditEntry]:
        with self._engine.connect() as connection:
            for row in connection.execute(select(audit_log).order_by(audit_log.c.seq)):
                yield AuditEntry(**row._mapping)

    def head(self) -> AuditHead | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(audit_log.c.seq, audit_log.c.mac, audit_log.c.time)
                .order_by(audit_log.c.seq.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        key = self._key or _key_if_available()
        return AuditHead(
            seq=row.seq,
            mac=row.mac,
            time=row.time,
            key_id=key_id(key) if key else None,
            key_file=AUDIT_KEY.location() if key else None,
        )

    def verify(self, *, heads: Mapping[str, AuditHead] | None = None) -> VerifyReport:
        """Check every MAC, the chain links, seq continuity, and each given head.

        ``heads`` maps a label (shown in messages) to a head to compare with; the
        head file beside the database is added when it exists.
        """
        key = self.key(create=False)
        heads = dict(heads or {})
        if self.head_path is not None and self.head_path.exists():
            heads.setdefault(f"head file {self.head_path}", AuditHead.read(self.head_path))
        report = VerifyReport(entries=0)
        expected_seq, prev_mac = 1, GENESIS
        macs: dict[int, str] = {}
        for entry in self.entries():
            report.entries += 1
            if entry.seq != expected_seq:
                missing = (
                    f"seq {expected_seq}"
                    if entry.seq == expected_seq + 1
                    else f"seq {expected_seq}..{entry.seq - 1}"
                )
                report.problems.append((expected_seq, f"{missing} missing (entries removed)"))
            elif entry.prev_mac != prev_mac:
                report.problems.append(
                    (entry.seq, "does not chain to the entry before it (that entry was altered)")
                )
            if not hmac.compare_digest(entry.mac, entry.expected_mac(key)):
                report.problems.append(
                    (entry.seq, "MAC mismatch: the entry was edited, or written with another key")
                )
            macs[entry.seq] = entry.mac
            expected_seq, prev_mac = entry.seq + 1, entry.mac
        last_seq = expected_seq - 1
        for label, head in heads.items():
            if head.key_id and head.key_id != key_id(key):
                report.warnings.append(f"{label} was written under another key ({head.key_id})")
            if head.seq > last_seq:
                report.problems.append(
                    (
                        last_seq + 1,
                        f"truncated: the chain ends at seq {last_seq} but the {label} says "
                        f"seq {head.seq}",
                    )
                )
            elif head.seq >= 1 and macs.get(head.seq) != head.mac:
                report.problems.append(
                    (head.seq, f"differs from the {label} (the chain was rewritten)")
                )
        if report.entries and self.head_path is not None and not self.head_path.exists():
            report.missing_head_file = self.head_path
        elif not heads and report.entries:
            report.warnings.append(
                "no head to compare with: removal of the newest entries cannot be detected; "
                "pass --head with an exported head"
            )
        report.problems.sort()
        report.head = AuditHead(seq=last_seq, mac=prev_mac) if report.entries else None
        return report


def _last_entry(connection: Connection) -> AuditEntry | None:
    row = connection.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).first()
    return AuditEntry(**row._mapping) if row is not None else None


def _key_if_available() -> bytes | None:
    try:
        return load_key(create=False)
    except InputError:
        return None
