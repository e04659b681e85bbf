"""Half-year reports (六.4): each one asked for, its state, and its files.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report",
        sa.Column("report_id", sa.String(length=26), primary_key=True),
        sa.Column("parent", sa.String(length=80), nullable=False),
        sa.Column("half", sa.String(length=7), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
    )
    op.create_index("ix_report_requested_by", "report", ["requested_by", "report_id"])
    op.create_index("ix_report_state_lease", "report", ["state", "lease_until"])
    op.create_table(
        "report_file",
        sa.Column("report_id", sa.String(length=26), primary_key=True),
        sa.Column("file_format", sa.String(length=8), primary_key=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("report_file")
    op.drop_index("ix_report_state_lease", table_name="report")
    op.drop_index("ix_report_requested_by", table_name="report")
    op.drop_table("report")
