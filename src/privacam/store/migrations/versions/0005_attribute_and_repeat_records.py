"""Case ① attribute tallies, and case ③ visits and their per-window statistics.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _window_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
    ]


def _indexes(table: str, time: str) -> None:
    op.create_index(op.f(f"ix_{table}_camera_id_{time}"), table, ["camera_id", time], unique=False)
    op.create_index(op.f(f"ix_{table}_{time}"), table, [time], unique=False)


def upgrade() -> None:
    op.create_table(
        "attribute_tallies",
        *_window_columns(),
        sa.Column("age_bracket", sa.String(), nullable=False),
        sa.Column("gender", sa.String(length=7), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attribute_tallies")),
    )
    _indexes("attribute_tallies", "window_end")

    op.create_table(
        "repeat_visits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("visitor_id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("age_bracket", sa.String(), nullable=True),
        sa.Column("gender", sa.String(length=7), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repeat_visits")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_repeat_visits_visit_id")),
    )
    _indexes("repeat_visits", "seen_at")
    op.create_index(
        op.f("ix_repeat_visits_visitor_id"), "repeat_visits", ["visitor_id"], unique=False
    )

    op.create_table(
        "repeat_windows",
        *_window_columns(),
        sa.Column("store_id", sa.String(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("repeat_visits", sa.Integer(), nullable=False),
        sa.Column("new_visitors", sa.Integer(), nullable=False),
        sa.Column("folded_at_expiry", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repeat_windows")),
    )
    _indexes("repeat_windows", "window_end")


def downgrade() -> None:
    for table in ("repeat_windows", "repeat_visits", "attribute_tallies"):
        op.drop_table(table)
