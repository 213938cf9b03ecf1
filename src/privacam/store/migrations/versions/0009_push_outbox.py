"""Edge push: the outbox of pushable records, and the pushed records' stable ids.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)

#: The kinds an edge pushes (privacam.store.push_kinds.PUSHED_KINDS when this was written).
_PUSHED = (
    "line_counts",
    "zone_occupancy",
    "flow_windows",
    "zone_transitions",
    "heatmaps",
    "crowd_intervals",
    "attribute_tallies",
    "repeat_windows",
    "coverage",
    "outages",
)


def upgrade() -> None:
    op.create_table(
        "push_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("push_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("enqueued_at", _TIME, nullable=False),
        sa.Column("state", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("sent_at", _TIME, nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_push_outbox")),
    )
    op.create_index(op.f("ix_push_outbox_state_seq"), "push_outbox", ["state", "seq"], unique=False)
    for table in _PUSHED:
        op.add_column(table, sa.Column("push_id", sa.String(length=36), nullable=True))
        op.create_index(op.f(f"ix_{table}_push_id"), table, ["push_id"], unique=True)


def downgrade() -> None:
    for table in _PUSHED:
        op.drop_index(op.f(f"ix_{table}_push_id"), table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("push_id")
    op.drop_index(op.f("ix_push_outbox_state_seq"), table_name="push_outbox")
    op.drop_table("push_outbox")
