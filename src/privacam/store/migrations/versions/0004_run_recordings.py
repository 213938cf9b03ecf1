"""The recordings a run read, by digest, and the time it placed them at.

Processing the same recorded file twice without ``--start-time`` placed it at two
different times, so every count was stored twice. With the digest recorded, a run
recognises a recording seen before and places it at the same time, where the
store's refusal of overlapping coverage applies. Runs written before this revision
have no recordings: they are simply not matched.

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-13
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("recordings", sa.JSON(), server_default="{}", nullable=False))
        batch.add_column(sa.Column("recording_start", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("recording_start")
        batch.drop_column("recordings")
