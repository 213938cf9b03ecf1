"""The store: records in, records out, each write one transaction (invariant 5).

>>> import tempfile, os
>>> from datetime import datetime, UTC
>>> from privacam.records import LineCount
>>> folder = tempfile.mkdtemp()
>>> os.environ["PRIVACAM_AUDIT_KEY_FILE"] = os.path.join(folder, "audit.key")
>>> store = Store.open(os.path.join(folder, "privacam.db"))
>>> t0, t1 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC), datetime(2026, 4, 1, 0, 15, tzinfo=UTC)
>>> store.write([LineCount(window_start=t0, window_end=t1, camera_id="gate", line="L1",
...                        direction="in", class_name="person", count=7)])
1
>>> [c.count for c in store.read(LineCount)]
[7]
>>> store.audit.append("export", "line_counts", {"rows": 1}).seq
1
>>> store.close()
>>> del os.environ["PRIVACAM_AUDIT_KEY_FILE"]
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from privacam.errors import InputError, PrivacamError
from privacam.policy.loader import LoadedSpec
from privacam.records import RECORD_KINDS, Coverage, Record, RunRecord
from privacam.store.audit import AuditEntry, AuditHead, AuditLog, VerifyReport, default_key_file
from privacam.store.engine import (
    WRITE,
    checkpoint_truncate,
    display_url,
    make_engine,
    resolve_url,
    sqlite_path,
    url_identity,
)
from privacam.store.guards import missing_guards, restore_append_only
from privacam.store.migrate import upgrade
from privacam.store.overlap import delete_overlapping, lock_coverage, refuse_overlap
from privacam.store.permissions import create_private
from privacam.store.tables import TABLES, table_for

log = logging.getLogger(__name__)

R = TypeVar("R", bound=Record)

#: Columns a record table has beyond the record's own fields.
INTERNAL_COLUMNS = frozenset({"id", "run_id", "folded_at_expiry"})


class StoreError(PrivacamError):
    """The database refused an operation (locked, unreachable, schema mismatch)."""


def record_kind(name: str) -> type[Record]:
    """The record class for a kind name, or a one-line InputError listing the kinds."""
    try:
        return RECORD_KINDS[name]
    except KeyError:
        raise InputError(
            f"unknown record kind {name!r}; use one of: {', '.join(sorted(RECORD_KINDS))}"
        ) from None


def to_row(record: Record, run_id: str | None) -> dict[str, Any]:
    """The column values of one record (mappings become plain dicts for JSON)."""
    row = {k: dict(v) if isinstance(v, Mapping) else v for k, v in record.to_dict().items()}
    if not isinstance(record, RunRecord):
        row["run_id"] = run_id
    return row


def from_row(record_type: type[R], row: Mapping[str, Any]) -> R:
    names = record_type.field_names()
    return record_type(**{name: row[name] for name in names})


@dataclass
class StoreTransaction:
    """One open write transaction; everything done through it commits or rolls back whole."""

    connection: Connection
    audit_log: AuditLog
    deleted: int = 0
    audited: list[AuditEntry] = field(default_factory=list)

    def write(
        self, records: Iterable[Record], *, run_id: str | None = None, replace: bool = False
    ) -> int:
        """Insert records of any kinds; a RunRecord replaces the row with its run_id.

        A coverage span that overlaps one stored for its camera is refused
        (:class:`~privacam.store.overlap.CoverageOverlap`); with ``replace`` what other
        runs stored for the span is deleted first, and audited (``records.replace``)."""
        by_kind: dict[type[Record], list[Record]] = defaultdict(list)
        for record in records:
            if not isinstance(record, Record):
                raise TypeError(f"not a record: {record!r:.80}")
            by_kind[type(record)].append(record)
        if Coverage in by_kind:
            self._make_room(by_kind[Coverage], run_id=run_id, replace=replace)
        written = 0
        for kind, batch in by_kind.items():
            table = table_for(kind)
            rows = [to_row(r, run_id) for r in batch]
            if kind is RunRecord:
                for row in rows:
                    result = self.connection.execute(
                        update(table).where(table.c.run_id == row["run_id"]).values(**row)
                    )
                    if result.rowcount == 0:
                        self.connection.execute(table.insert().values(**row))
            else:
                self.connection.execute(table.insert(), rows)
            written += len(rows)
        return written

    def _make_room(self, spans: list[Record], *, run_id: str | None, replace: bool) -> None:
        lock_coverage(self.connection)
        for span in spans:
            assert isinstance(span, Coverage)
            if replace:
                deleted = delete_overlapping(
                    self.connection, span.camera_id, span.start, span.end, keep_run=run_id
                )
                if deleted:
                    self.deleted += sum(deleted.values())
                    self.audit(
                        "records.replace",
                        span.camera_id,
                        {
                            "run_id": run_id,
                            "start": span.start,
                            "end": span.end,
                            "deleted": deleted,
                        },
                    )
            refuse_overlap(self.connection, span.camera_id, span.start, span.end)

    def delete(self, record_type: type[Record], **equals: Any) -> int:
        """Delete the rows of a kind whose columns equal the given values (at least one)."""
        if not equals:
            raise ValueError("delete needs at least one column=value condition")
        table = table_for(record_type)
        condition = [table.c[name] == value for name, value in equals.items()]
        count = self.connection.execute(delete(table).where(*condition)).rowcount
        self.deleted += count
        return count

    def audit(
        self,
        action: str,
        subject: str,
        details: Mapping[str, Any] | None = None,
        *,
        actor: str | None = None,
    ) -> AuditEntry:
        """Append an audit entry in this transaction: it commits exactly when the data does."""
        entry = self.audit_log.append(
            action, subject, details, actor=actor, connection=self.connection
        )
        self.audited.append(entry)
        return entry


class Store:
    """Records by kind in SQLite or PostgreSQL, an audit log, and retention (see ``sweep``).

    Open one with :func:`open_store` (from a deployment) or :meth:`Store.open` (from a URL).
    """

    def __init__(self, engine: Engine, url: str, head_path: Path | None) -> None:
        self.engine = engine
        self.url = url
        self.display_url = display_url(url)
        self.path = sqlite_path(url)
        self.audit = AuditLog(engine, head_path)
        #: The audit log's append-only triggers that were missing when this store opened.
        self.restored_guards: list[str] = []

    @classmethod
    def open(
        cls,
        url: str,
        *,
        base_dir: Path | None = None,
        create: bool = True,
        head_path: Path | None = None,
    ) -> Store:
        """Open (and migrate to the newest schema) the store at ``url`` or SQLite file path.

        ``create=False`` refuses to make a new SQLite file (for commands that only read).
        The audit head file defaults to ``<database>.audit-head.json`` for SQLite, and
        to ``audit-heads/<hash of the URL>.json`` beside the audit key file for PostgreSQL.
        """
        resolved = resolve_url(url, base_dir=base_dir)
        path = sqlite_path(resolved)
        if path is not None and not create and not path.exists():
            raise InputError(f"no store at {path}; `privacam run` creates it")
        if head_path is None:
            head_path = default_head_path(resolved)
        engine = make_engine(resolved)
        if path is not None and create:
            create_private(path)  # before SQLite creates it under the umask (often 0644)
        try:
            upgrade(engine)
        except OperationalError as error:
            engine.dispose()
            raise StoreError(
                f"cannot open the store {display_url(resolved)}: {_first_line(error)}"
            ) from None
        store = cls(engine, resolved, head_path)
        store._restore_guards()
        return store

    def _restore_guards(self) -> None:
        """Put back the audit log's append-only triggers if someone dropped them, say so,
        and audit it (when the audit key is at hand; ``audit verify`` reports it anyway)."""
        with self.engine.connect() as connection:
            if not missing_guards(connection):
                return
        try:
            with self.engine.connect().execution_options(**WRITE) as connection, connection.begin():
                self.restored_guards = restore_append_only(connection)
        except SQLAlchemyError as error:  # e.g. a role that may not create triggers
            log.warning(
                "監査ログの追記専用トリガーがなく、作り直せません / the audit log's append-only "
                "triggers are missing and could not be re-created: %s",
                _first_line(error),
            )
            return
        log.warning(
            "監査ログの追記専用トリガー %s が削除されていたため作り直しました。`privacam audit "
            "verify` で確認してください / the audit log's append-only triggers %s had been "
            "dropped and were re-created; check the chain with `privacam audit verify`",
            ", ".join(self.restored_guards),
            ", ".join(self.restored_guards),
        )

    def verify_audit(self, heads: Mapping[str, AuditHead] | None = None) -> VerifyReport:
        """Verify the audit chain (:meth:`AuditLog.verify`) and its append-only guard: a
        trigger missing now, or re-created when this store opened, is a problem too."""
        report = self.audit.verify(heads=heads)
        if self.restored_guards:
            names = ", ".join(self.restored_guards)
            report.guard_problems.append(
                f"追記専用トリガー {names} が削除されていました（開いたときに作り直しました）。"
                f"その間に監査ログが書き換えられた可能性があります / append-only triggers {names} "
                "had been dropped (re-created when the store opened): the audit log could be "
                "edited while they were gone"
            )
        with self.engine.connect() as connection:
            missing = missing_guards(connection)
        if missing:
            names = ", ".join(missing)
            report.guard_problems.append(
                f"追記専用トリガー {names} がありません / append-only triggers {names} are missing "
                "or disabled: the audit log can be edited"
            )
        return report

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    @contextmanager
    def transaction(self) -> Iterator[StoreTransaction]:
        """A write transaction: records, deletions and audit entries commit together or not
        at all. After commit, deletions are checkpointed out of the WAL and the audit head
        file is updated."""
        with self.engine.connect().execution_options(**WRITE) as connection:
            tx = StoreTransaction(connection, self.audit)
            with connection.begin():
                yield tx
        if tx.deleted:
            self.checkpoint()
        if tx.audited:
            self.audit.write_head_file()

    def write(
        self, records: Iterable[Record], *, run_id: str | None = None, replace: bool = False
    ) -> int:
        """Write a batch of records in one transaction; returns how many were written."""
        with self.transaction() as tx:
            return tx.write(records, run_id=run_id, replace=replace)

    def delete(self, record_type: type[Record], **equals: Any) -> int:
        """Delete matching rows in one transaction, then purge them from the WAL."""
        with self.transaction() as tx:
            return tx.delete(record_type, **equals)

    def checkpoint(self) -> None:
        """SQLite: fold the WAL into the database and truncate it (no deleted-page residue)."""
        checkpoint_truncate(self.engine)

    # ------------------------------------------------------------------ reading

    def read(
        self,
        record_type: type[R],
        *,
        camera_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        run_id: str | None = None,
    ) -> list[R]:
        """Records of one kind, oldest first by the kind's time field; ``since`` is
        inclusive and ``until`` exclusive."""
        return [
            from_row(record_type, row)
            for row in self.rows(
                record_type, camera_id=camera_id, since=since, until=until, run_id=run_id
            )
        ]

    def rows(
        self,
        record_type: type[Record],
        *,
        camera_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        run_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Like :meth:`read`, as column dicts (the record's fields, plus ``run_id``)."""
        table = table_for(record_type)
        time = table.c[record_type.time_field]
        query = select(table)
        if camera_id is not None and "camera_id" in table.c:
            query = query.where(table.c.camera_id == camera_id)
        if since is not None:
            query = query.where(time >= since)
        if until is not None:
            query = query.where(time < until)
        if run_id is not None:
            query = query.where(table.c.run_id == run_id)
        order = [time, table.c.id] if "id" in table.c else [time]
        with self.engine.connect() as connection:
            result = connection.execute(query.order_by(*order))
            keep = [*record_type.field_names(), "run_id"]
            return [{k: row._mapping[k] for k in keep if k in row._mapping} for row in result]

    def count(self, record_type: type[Record], **equals: Any) -> int:
        table = table_for(record_type)
        condition = [table.c[name] == value for name, value in equals.items()]
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.count()).select_from(table).where(*condition)
            ).scalar_one()

    def counts(self) -> dict[str, int]:
        """Rows per record kind."""
        return {kind: self.count(RECORD_KINDS[kind]) for kind in TABLES}


def default_head_path(url: str) -> Path:
    path = sqlite_path(url)
    if path is not None:
        return path.with_name(path.name + ".audit-head.json")
    # A server database has no folder of ours beside it: keep its head beside the key.
    # Named by the database's address alone: never by what this process happens to redact.
    digest = hashlib.sha256(url_identity(url).encode()).hexdigest()[:16]
    return default_key_file().parent / "audit-heads" / f"{digest}.json"


def open_store(loaded: LoadedSpec, *, create: bool = True) -> Store:
    """Open the store a deployment file names (``store.url``, secrets substituted).

    A relative SQLite path resolves next to the deployment file.
    """
    base_dir = loaded.path.parent if loaded.path is not None else None
    url = loaded.store_url  # resolves only the store's own ${ENV_VAR}s
    try:
        return Store.open(url, base_dir=base_dir, create=create)
    except SQLAlchemyError as error:
        raise StoreError(loaded.redact(f"cannot open the store: {_first_line(error)}")) from None


def _first_line(error: BaseException) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]
