"""Grid-assignment proposals (编网入格) with their lines, and the proposal an
assignment change accepted.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "assignment_change", sa.Column("proposal_id", sa.String(length=26), nullable=True)
    )
    op.create_table(
        "proposal",
        sa.Column("proposal_id", sa.String(length=26), primary_key=True),
        sa.Column("area", sa.String(length=15), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("weights", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("shortfalls", sa.Text(), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("accepted_by", sa.String(length=64), nullable=True),
        sa.Column("accept_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accept_note", sa.Text(), nullable=False),
    )
    op.create_index("ix_proposal_area", "proposal", ["area"])
    op.create_index("ix_proposal_create_time", "proposal", ["create_time", "proposal_id"])
    op.create_table(
        "proposal_line",
        sa.Column("proposal_id", sa.String(length=26), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("officer_id", sa.String(length=64), nullable=False),
        sa.Column("grid_code", sa.String(length=15), nullable=False),
        sa.Column("reasons", sa.String(length=400), nullable=False),
        sa.Column("current_grids", sa.Text(), nullable=False),
        sa.Column("moves", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("override_grid", sa.String(length=15), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("proposal_line")
    op.drop_index("ix_proposal_create_time", table_name="proposal")
    op.drop_index("ix_proposal_area", table_name="proposal")
    op.drop_table("proposal")
    op.drop_column("assignment_change", "proposal_id")
