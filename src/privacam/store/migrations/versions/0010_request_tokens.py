"""Requests made on the web: the status page's token (by its hash) and the sealed items a
request holds until it no longer needs them (contact, photo) or its answer.

Revision ID: 0010
Revises: 0008
Create Date: 2027-01-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
# After 0008 (accounts), the newest on main when written; the integrator chains this
# one after 0009 when that lands.
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rights_request_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_rights_request_tokens")),
        sa.UniqueConstraint("request_id", name=op.f("uq_rights_request_tokens_request_id")),
    )
    op.create_table(
        "rights_request_items",
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("expires_at", _TIME, nullable=True),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_rights_request_items")),
    )
    op.create_index(
        op.f("ix_rights_request_items_request_id"),
        "rights_request_items",
        ["request_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_rights_request_items_request_id"), table_name="rights_request_items")
    op.drop_table("rights_request_items")
    op.drop_table("rights_request_tokens")
