"""The rights request log (requests and their state history) and the incident register.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rights_requests",
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("received_at", _TIME, nullable=False),
        sa.Column("due_at", _TIME, nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("duplicate_of", sa.String(length=36), nullable=True),
        sa.Column("identity_method", sa.Text(), nullable=True),
        sa.Column("closed_at", _TIME, nullable=True),
        sa.Column("outcome", sa.JSON(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_rights_requests")),
    )
    op.create_index(
        op.f("ix_rights_requests_received_at"), "rights_requests", ["received_at"], unique=False
    )
    op.create_table(
        "rights_request_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_request_events")),
    )
    op.create_index(
        op.f("ix_rights_request_events_request_id"),
        "rights_request_events",
        ["request_id"],
        unique=False,
    )
    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", _TIME, nullable=False),
        sa.Column("occurred_at", _TIME, nullable=True),
        sa.Column("discovered_at", _TIME, nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("data_items", sa.JSON(), nullable=False),
        sa.Column("data_classes", sa.JSON(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("encryption", sa.Text(), nullable=True),
        sa.Column("key_leaked", sa.Boolean(), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("financial_harm", sa.Boolean(), nullable=False),
        sa.Column("wrongful_purpose", sa.Boolean(), nullable=False),
        sa.Column("secondary_damage", sa.Text(), nullable=True),
        sa.Column("response_to_people", sa.Text(), nullable=True),
        sa.Column("publication", sa.Text(), nullable=True),
        sa.Column("prevention", sa.Text(), nullable=True),
        sa.Column("other", sa.Text(), nullable=True),
        sa.Column("assessed_at", _TIME, nullable=True),
        sa.Column("reportable", sa.Boolean(), nullable=True),
        sa.Column("preliminary_due", _TIME, nullable=True),
        sa.Column("final_due", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incidents")),
    )
    op.create_index(
        op.f("ix_incidents_discovered_at"), "incidents", ["discovered_at"], unique=False
    )


def downgrade() -> None:
    for table in ("incidents", "rights_request_events", "rights_requests"):
        op.drop_table(table)
