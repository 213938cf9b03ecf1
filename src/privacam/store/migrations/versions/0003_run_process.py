"""The process of each run: host, pid and start time, to find runs killed mid-way.

A run killed with SIGKILL stayed ``running`` forever. With the process recorded,
privacam marks such a run ``interrupted`` once that process is gone. Runs written
before this revision have no process: they stay as they are.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("host", sa.String(), server_default="", nullable=False))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("process_started_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("process_started_at")
        batch.drop_column("pid")
        batch.drop_column("host")
