"""Grid assignments and their history.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grid_assignment",
        sa.Column("officer_id", sa.String(length=64), nullable=False),
        sa.Column("grid_code", sa.String(length=15), nullable=False),
        sa.Column("assigned_by", sa.String(length=64), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("check_in_due_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("check_in_time", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("officer_id", "grid_code"),
    )
    op.create_index("ix_grid_assignment_grid_code", "grid_assignment", ["grid_code"])
    op.create_table(
        "assignment_change",
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("officer_id", sa.String(length=64), nullable=False),
        sa.Column("grids_before", sa.String(length=4000), nullable=False),
        sa.Column("grids_after", sa.String(length=4000), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("change_id"),
    )
    op.create_index("ix_assignment_change_officer_id", "assignment_change", ["officer_id"])
    op.create_table(
        "assignment_change_grid",
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("grid_code", sa.String(length=15), nullable=False),
        sa.PrimaryKeyConstraint("change_id", "grid_code"),
    )


def downgrade() -> None:
    op.drop_table("assignment_change_grid")
    op.drop_table("assignment_change")
    op.drop_table("grid_assignment")
