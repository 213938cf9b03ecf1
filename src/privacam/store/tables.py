"""The tables: one per record kind (named by ``Record.kind``), the runs, and the audit log.

Every record table has a surrogate ``id`` and a ``run_id`` naming the run that
wrote the row (null when written outside a run), then one column per record
field with the field's name. Columns that are not record fields are marked
:data:`BOOKKEEPING`; a test holds every other column to its record's field (same
name, kind of type and nullability), and every field to a column. Lists and mappings (trajectory points, dwell,
heatmap cells, model digests) are JSON. Times are :class:`UTCDateTime`.
The Alembic migrations in ``migrations/versions`` build exactly this schema;
a test compares them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

from privacam.records import RECORD_KINDS, Record
from privacam.store.types import UTCDateTime

#: ``Column.info`` of the columns the store keeps for itself, which no record field mirrors.
BOOKKEEPING = {"bookkeeping": True}

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _record_table(name: str, *columns: Column, time: str, by_camera: bool = True) -> Table:
    table = Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True, info=BOOKKEEPING),
        Column("run_id", String(36), nullable=True, info=BOOKKEEPING),
        *columns,
    )
    Index(None, table.c[time])
    if by_camera:
        Index(None, table.c.camera_id, table.c[time])
    return table


def _window() -> list[Column]:
    return [
        Column("window_start", UTCDateTime, nullable=False),
        Column("window_end", UTCDateTime, nullable=False),
        Column("camera_id", String, nullable=False),
    ]


line_counts = _record_table(
    "line_counts",
    *_window(),
    Column("line", String, nullable=False),
    Column("direction", String(3), nullable=False),
    Column("class_name", String, nullable=False),
    Column("count", Integer, nullable=False),
    time="window_end",
)

zone_occupancy = _record_table(
    "zone_occupancy",
    *_window(),
    Column("zone", String, nullable=False),
    Column("class_name", String, nullable=False),
    Column("mean", Float, nullable=False),
    Column("max", Integer, nullable=False),
    time="window_end",
)

trajectories = _record_table(
    "trajectories",
    Column("visit_id", String(36), nullable=False, unique=True),
    Column("camera_id", String, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=False),
    Column("image_points", JSON, nullable=False),
    Column("floor_points", JSON, nullable=False),
    Column("dwell_s", JSON, nullable=False),
    Column("transitions", JSON, nullable=False),
    time="ended_at",
)

flow_windows = _record_table(
    "flow_windows",
    *_window(),
    Column("zone", String, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("total_dwell_s", Float, nullable=False),
    Column("mean_dwell_s", Float, nullable=True),
    # True for rows the retention sweeper made from expired trajectories, so a later
    # sweep adds to them instead of taking them for the case's own aggregates.
    Column("folded_at_expiry", Boolean, nullable=False, server_default=false(), info=BOOKKEEPING),
    time="window_end",
)

zone_transitions = _record_table(
    "zone_transitions",
    *_window(),
    Column("from_zone", String, nullable=False),
    Column("to_zone", String, nullable=False),
    Column("count", Integer, nullable=False),
    Column("folded_at_expiry", Boolean, nullable=False, server_default=false(), info=BOOKKEEPING),
    time="window_end",
)

heatmaps = _record_table(
    "heatmaps",
    *_window(),
    Column("rows", Integer, nullable=False),
    Column("cols", Integer, nullable=False),
    Column("counts", JSON, nullable=False),
    time="window_end",
)

crowd_intervals = _record_table(
    "crowd_intervals",
    *_window(),
    Column("area", String, nullable=False),
    Column("moving", Integer, nullable=False),
    Column("still", Integer, nullable=False),
    Column("congestion_level", Integer, nullable=False),
    time="window_end",
)

attribute_tallies = _record_table(
    "attribute_tallies",
    *_window(),
    Column("age_bracket", String, nullable=False),
    Column("gender", String(7), nullable=False),
    Column("count", Integer, nullable=False),
    time="window_end",
)

repeat_visits = _record_table(
    "repeat_visits",
    Column("visit_id", String(36), nullable=False, unique=True),
    Column("visitor_id", String(36), nullable=False, index=True),
    Column("store_id", String, nullable=False),
    Column("camera_id", String, nullable=False),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("repeat", Boolean, nullable=False),
    Column("age_bracket", String, nullable=True),
    Column("gender", String(7), nullable=True),
    time="seen_at",
)

repeat_windows = _record_table(
    "repeat_windows",
    *_window(),
    Column("store_id", String, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("repeat_visits", Integer, nullable=False),
    Column("new_visitors", Integer, nullable=False),
    Column("folded_at_expiry", Boolean, nullable=False, server_default=false(), info=BOOKKEEPING),
    time="window_end",
)

runs = Table(
    "runs",
    metadata,
    Column("run_id", String(36), primary_key=True),
    Column("deployment_sha256", String(64), nullable=False),
    Column("case", String, nullable=False),
    Column("started_at", UTCDateTime, nullable=False, index=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("status", String(16), nullable=False),
    Column("source", Text, nullable=False),
    Column("model_digests", JSON, nullable=False),
    Column("host", String, nullable=False, server_default=""),
    Column("pid", Integer, nullable=True),
    Column("process_started_at", UTCDateTime, nullable=True),
    Column("recordings", JSON, nullable=False, server_default="{}"),
    Column("recording_start", UTCDateTime, nullable=True),
)

coverage = _record_table(
    "coverage",
    Column("camera_id", String, nullable=False),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    time="end",
)

outages = _record_table(
    "outages",
    Column("camera_id", String, nullable=False),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    time="end",
)

# ------------------------------------------------------------------ the vault (case ③)
# Face features only ever live here, sealed (store/vault_crypto.py). The data keys sit in a
# table of their own, so deleting a key row is the crypto-shredding step and the key table
# stays small enough to VACUUM after deletions on PostgreSQL.

vault_templates = Table(
    "vault_templates",
    metadata,
    Column("template_id", String(36), primary_key=True),
    Column("visitor_id", String(36), nullable=False, index=True),
    Column("store_id", String, nullable=False),
    #: The embedder that made the feature: features of two models are never compared.
    Column("model", String, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
)

vault_exclusions = Table(
    "vault_exclusions",
    metadata,
    Column("exclusion_id", String(36), primary_key=True),
    Column("model", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
)

vault_keys = Table(
    "vault_keys",
    metadata,
    #: The template_id or exclusion_id whose ciphertext this key opens.
    Column("owner_id", String(36), primary_key=True),
    Column("owner", String(9), nullable=False),  # "template" or "exclusion"
    Column("master_key_id", String(16), nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("time", UTCDateTime, nullable=False),
    Column("actor", String, nullable=False),
    Column("action", String, nullable=False),
    Column("subject", Text, nullable=False),
    # Canonical JSON text, MACed byte for byte (a JSON column could re-serialise it).
    Column("details", Text, nullable=False),
    Column("prev_mac", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
)

#: Record kind name -> its table.
TABLES: dict[str, Table] = {kind: metadata.tables[kind] for kind in RECORD_KINDS}


def table_for(record_type: type[Record]) -> Table:
    return TABLES[record_type.kind]


# The rights request log and the incident register keep their tables in a module of
# their own, on this same metadata, so that whoever imports the tables sees them all.
from privacam.store import ledger_tables  # noqa: E402, F401  isort: skip

# The server's accounts (users, tokens, sessions) likewise.
from privacam.store import account_tables  # noqa: E402, F401  isort: skip

# The edge's push outbox, and the pushed records' stable ids.
from privacam.store import push_tables  # noqa: E402, F401  isort: skip
