"""The vault of case ③: sealed visitor and exclusion templates, and their wrapped data keys.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vault_templates",
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("visitor_id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("template_id", name=op.f("pk_vault_templates")),
    )
    op.create_index(
        op.f("ix_vault_templates_visitor_id"), "vault_templates", ["visitor_id"], unique=False
    )
    op.create_index(
        op.f("ix_vault_templates_expires_at"), "vault_templates", ["expires_at"], unique=False
    )
    op.create_table(
        "vault_exclusions",
        sa.Column("exclusion_id", sa.String(length=36), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("exclusion_id", name=op.f("pk_vault_exclusions")),
    )
    op.create_index(
        op.f("ix_vault_exclusions_expires_at"), "vault_exclusions", ["expires_at"], unique=False
    )
    op.create_table(
        "vault_keys",
        sa.Column("owner_id", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=9), nullable=False),
        sa.Column("master_key_id", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", name=op.f("pk_vault_keys")),
    )


def downgrade() -> None:
    for table in ("vault_keys", "vault_exclusions", "vault_templates"):
        op.drop_table(table)
