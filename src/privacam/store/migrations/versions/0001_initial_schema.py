"""Initial schema: one table per record kind, the runs, and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from privacam.store.guards import create_append_only

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_mac", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "coverage",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage")),
    )
    op.create_index(
        op.f("ix_coverage_camera_id_end"), "coverage", ["camera_id", "end"], unique=False
    )
    op.create_index(op.f("ix_coverage_end"), "coverage", ["end"], unique=False)

    op.create_table(
        "crowd_intervals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("moving", sa.Integer(), nullable=False),
        sa.Column("still", sa.Integer(), nullable=False),
        sa.Column("congestion_level", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crowd_intervals")),
    )
    op.create_index(
        op.f("ix_crowd_intervals_camera_id_window_end"),
        "crowd_intervals",
        ["camera_id", "window_end"],
        unique=False,
    )
    op.create_index(
        op.f("ix_crowd_intervals_window_end"), "crowd_intervals", ["window_end"], unique=False
    )

    op.create_table(
        "flow_windows",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("zone", sa.String(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("total_dwell_s", sa.Float(), nullable=False),
        sa.Column("mean_dwell_s", sa.Float(), nullable=True),
        sa.Column("folded_at_expiry", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_windows")),
    )
    op.create_index(
        op.f("ix_flow_windows_camera_id_window_end"),
        "flow_windows",
        ["camera_id", "window_end"],
        unique=False,
    )
    op.create_index(
        op.f("ix_flow_windows_window_end"), "flow_windows", ["window_end"], unique=False
    )

    op.create_table(
        "heatmaps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("cols", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_heatmaps")),
    )
    op.create_index(
        op.f("ix_heatmaps_camera_id_window_end"),
        "heatmaps",
        ["camera_id", "window_end"],
        unique=False,
    )
    op.create_index(op.f("ix_heatmaps_window_end"), "heatmaps", ["window_end"], unique=False)

    op.create_table(
        "line_counts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("line", sa.String(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("class_name", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_line_counts")),
    )
    op.create_index(
        op.f("ix_line_counts_camera_id_window_end"),
        "line_counts",
        ["camera_id", "window_end"],
        unique=False,
    )
    op.create_index(op.f("ix_line_counts_window_end"), "line_counts", ["window_end"], unique=False)

    op.create_table(
        "outages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outages")),
    )
    op.create_index(op.f("ix_outages_camera_id_end"), "outages", ["camera_id", "end"], unique=False)
    op.create_index(op.f("ix_outages_end"), "outages", ["end"], unique=False)

    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("deployment_sha256", sa.String(length=64), nullable=False),
        sa.Column("case", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("model_digests", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_started_at"), "runs", ["started_at"], unique=False)

    op.create_table(
        "trajectories",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("image_points", sa.JSON(), nullable=False),
        sa.Column("floor_points", sa.JSON(), nullable=False),
        sa.Column("dwell_s", sa.JSON(), nullable=False),
        sa.Column("transitions", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trajectories")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_trajectories_visit_id")),
    )
    op.create_index(
        op.f("ix_trajectories_camera_id_ended_at"),
        "trajectories",
        ["camera_id", "ended_at"],
        unique=False,
    )
    op.create_index(op.f("ix_trajectories_ended_at"), "trajectories", ["ended_at"], unique=False)

    op.create_table(
        "zone_occupancy",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("zone", sa.String(), nullable=False),
        sa.Column("class_name", sa.String(), nullable=False),
        sa.Column("mean", sa.Float(), nullable=False),
        sa.Column("max", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_occupancy")),
    )
    op.create_index(
        op.f("ix_zone_occupancy_camera_id_window_end"),
        "zone_occupancy",
        ["camera_id", "window_end"],
        unique=False,
    )
    op.create_index(
        op.f("ix_zone_occupancy_window_end"), "zone_occupancy", ["window_end"], unique=False
    )

    op.create_table(
        "zone_transitions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("camera_id", sa.String(), nullable=False),
        sa.Column("from_zone", sa.String(), nullable=False),
        sa.Column("to_zone", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("folded_at_expiry", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_transitions")),
    )
    op.create_index(
        op.f("ix_zone_transitions_camera_id_window_end"),
        "zone_transitions",
        ["camera_id", "window_end"],
        unique=False,
    )
    op.create_index(
        op.f("ix_zone_transitions_window_end"), "zone_transitions", ["window_end"], unique=False
    )

    _append_only("audit_log")


def _append_only(table: str) -> None:
    # The audit log is append-only at the database level too; privacam.store.guards holds
    # the triggers, so that the store can put back the same ones when it finds them dropped.
    create_append_only(op.get_bind(), table)


def downgrade() -> None:
    op.drop_index(op.f("ix_zone_transitions_window_end"), table_name="zone_transitions")
    op.drop_index(op.f("ix_zone_transitions_camera_id_window_end"), table_name="zone_transitions")

    op.drop_table("zone_transitions")
    op.drop_index(op.f("ix_zone_occupancy_window_end"), table_name="zone_occupancy")
    op.drop_index(op.f("ix_zone_occupancy_camera_id_window_end"), table_name="zone_occupancy")

    op.drop_table("zone_occupancy")
    op.drop_index(op.f("ix_trajectories_ended_at"), table_name="trajectories")
    op.drop_index(op.f("ix_trajectories_camera_id_ended_at"), table_name="trajectories")

    op.drop_table("trajectories")
    op.drop_index(op.f("ix_runs_started_at"), table_name="runs")

    op.drop_table("runs")
    op.drop_index(op.f("ix_outages_end"), table_name="outages")
    op.drop_index(op.f("ix_outages_camera_id_end"), table_name="outages")

    op.drop_table("outages")
    op.drop_index(op.f("ix_line_counts_window_end"), table_name="line_counts")
    op.drop_index(op.f("ix_line_counts_camera_id_window_end"), table_name="line_counts")

    op.drop_table("line_counts")
    op.drop_index(op.f("ix_heatmaps_window_end"), table_name="heatmaps")
    op.drop_index(op.f("ix_heatmaps_camera_id_window_end"), table_name="heatmaps")

    op.drop_table("heatmaps")
    op.drop_index(op.f("ix_flow_windows_window_end"), table_name="flow_windows")
    op.drop_index(op.f("ix_flow_windows_camera_id_window_end"), table_name="flow_windows")

    op.drop_table("flow_windows")
    op.drop_index(op.f("ix_crowd_intervals_window_end"), table_name="crowd_intervals")
    op.drop_index(op.f("ix_crowd_intervals_camera_id_window_end"), table_name="crowd_intervals")

    op.drop_table("crowd_intervals")
    op.drop_index(op.f("ix_coverage_end"), table_name="coverage")
    op.drop_index(op.f("ix_coverage_camera_id_end"), table_name="coverage")

    op.drop_table("coverage")
    op.drop_table("audit_log")
