"""The tables of the rights request log and the incident register (migration 0007).

They sit on the same :data:`privacam.store.tables.metadata` as the record tables, so
the migrations and their test see them; :mod:`privacam.store.tables` imports this
module at its end. They hold no record kind: the rights package (``privacam.rights``)
reads and writes them inside store transactions, with an audit entry for each step.

No column holds a requester's name or contact: ``reference`` is the operator's own
ticket number, and the identity check is recorded by its method, not by the
documents seen.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Integer, LargeBinary, String, Table, Text

from privacam.store.tables import metadata
from privacam.store.types import UTCDateTime

rights_requests = Table(
    "rights_requests",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("received_at", UTCDateTime, nullable=False, index=True),
    Column("due_at", UTCDateTime, nullable=False),
    Column("reference", Text, nullable=True),
    # An earlier request of the same reference and kind: the new one still needs its
    # own identity check.
    Column("duplicate_of", String(36), nullable=True),
    Column("identity_method", Text, nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
    # What the answer found (visitor ids matched, rows deleted, the reason of a refusal).
    Column("outcome", JSON, nullable=False, server_default="{}"),
)

rights_request_events = Table(
    "rights_request_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(36), nullable=False, index=True),
    Column("state", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
)

incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", String(36), primary_key=True),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("occurred_at", UTCDateTime, nullable=True),
    Column("discovered_at", UTCDateTime, nullable=False, index=True),
    Column("summary", Text, nullable=False),
    Column("cause", Text, nullable=False),
    Column("data_items", JSON, nullable=False),
    Column("data_classes", JSON, nullable=False),
    Column("people", Integer, nullable=False),
    Column("encryption", Text, nullable=True),
    Column("key_leaked", Boolean, nullable=False),
    Column("sensitive", Boolean, nullable=False),
    Column("financial_harm", Boolean, nullable=False),
    Column("wrongful_purpose", Boolean, nullable=False),
    # Items 5-9 of Rule Art. 8(1), filled in as the response goes on.
    Column("secondary_damage", Text, nullable=True),
    Column("response_to_people", Text, nullable=True),
    Column("publication", Text, nullable=True),
    Column("prevention", Text, nullable=True),
    Column("other", Text, nullable=True),
    Column("assessed_at", UTCDateTime, nullable=True),
    Column("reportable", Boolean, nullable=True),
    Column("preliminary_due", UTCDateTime, nullable=True),
    Column("final_due", UTCDateTime, nullable=True),
)

# A request made on the web (migration 0010): the status page's token, by its SHA-256
# only (the token itself is shown once, to the requester), and what the request holds
# of the requester until it no longer needs it (contact, photo) or its answer, each
# sealed under a data key of its own wrapped in ``vault_keys`` (owner "request").
rights_request_tokens = Table(
    "rights_request_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("request_id", String(36), nullable=False, unique=True),
)

rights_request_items = Table(
    "rights_request_items",
    metadata,
    Column("item_id", String(36), primary_key=True),
    Column("request_id", String(36), nullable=False, index=True),
    Column("name", String(16), nullable=False),  # contact, photo, answer.html, ...
    Column("media_type", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
)

#: The names of the tables above: they hold no record kind.
LEDGER_TABLES = frozenset(
    {
        "rights_requests",
        "rights_request_events",
        "incidents",
        "rights_request_tokens",
        "rights_request_items",
    }
)
